package dev.dx.tools.internal.fetch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ServerSocketFactory;

/** A fake web site on a loopback address: it records every connection and answers with a test's handler. */
final class FakeSite implements AutoCloseable {
    /** Answers one request. */
    interface Handler {
        void handle(String requestHead, OutputStream out, Socket socket) throws IOException;
    }

    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-site");
        t.setDaemon(true);
        return t;
    });
    final AtomicInteger connections = new AtomicInteger();
    final List<String> requests = new CopyOnWriteArrayList<>();
    final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile Handler handler;

    FakeSite(String address, Handler handler) throws IOException {
        this(ServerSocketFactory.getDefault(), address, handler);
    }

    FakeSite(ServerSocketFactory factory, String address, Handler handler) throws IOException {
        this.handler = handler;
        this.server = factory.createServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
        threads.execute(this::acceptLoop);
    }

    void handler(Handler h) {
        this.handler = h;
    }

    int port() {
        return server.getLocalPort();
    }

    /** @return {@code http://address:port} */
    String url() {
        return "http://" + server.getInetAddress().getHostAddress() + ":" + port();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                connections.incrementAndGet();
                sockets.add(s);
                threads.execute(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            String head = readHead(s.getInputStream());
            requests.add(head);
            handler.handle(head, s.getOutputStream(), s);
        } catch (IOException e) {
            // the client went away: normal for capped and refused fetches
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1 && b.size() < 65536) {
            b.write(c);
            if (b.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                break;
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    /** A complete response with a Content-Length. */
    static Handler respond(int status, Map<String, String> headers, byte[] body) {
        return (head, out, socket) -> {
            StringBuilder sb = new StringBuilder("HTTP/1.1 " + status + " Status\r\n");
            headers.forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
            sb.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
            out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
        };
    }

    static Handler html(String html) {
        return respond(200, Map.of("Content-Type", "text/html; charset=utf-8"), html.getBytes(StandardCharsets.UTF_8));
    }

    static Handler redirect(int status, String location) {
        return respond(status, Map.of("Location", location), new byte[0]);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
