package dev.dx.itests.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** An HTTP server on loopback that answers every request with the same text: enough for a plugin's GET. */
public final class OneLineHttpServer implements AutoCloseable {
    private final ServerSocket socket;
    private final Thread thread;

    public OneLineHttpServer(String body) throws IOException {
        socket = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        thread = new Thread(() -> {
            while (!socket.isClosed()) {
                try (Socket s = socket.accept()) {
                    readHead(s.getInputStream());
                    OutputStream out = s.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + b.length
                            + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(b);
                    out.flush();
                } catch (IOException e) {
                    if (socket.isClosed()) {
                        return; // the test is over
                    }
                }
            }
        }, "itest-http");
        thread.setDaemon(true);
        thread.start();
    }

    private static void readHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        for (int c; matched < 4 && (c = in.read()) >= 0; ) {
            matched = c == end[matched] ? matched + 1 : (c == '\r' ? 1 : 0);
        }
    }

    public int port() {
        return socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
