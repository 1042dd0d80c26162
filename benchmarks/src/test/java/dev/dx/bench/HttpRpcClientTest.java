package dev.dx.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keep-alive client against a scripted server: reuse, chunked bodies, errors, and reconnecting after a close. */
class HttpRpcClientTest {
    private static final Pattern ID = Pattern.compile("\"id\":(\\d+)");

    @TempDir
    Path dir;

    @Test
    void keepsOneConnectionAliveUntilTheServerClosesIt() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "dxg_test\n");
        try (ServerSocket server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> script = CompletableFuture.runAsync(() -> serve(server));
            Target target = Target.resolve(Options.parse("--url", "http://127.0.0.1:" + server.getLocalPort(),
                    "--token-file", token.toString()));
            try (HttpRpcClient client = new HttpRpcClient(target)) {
                assertTrue(client.health());
                assertTrue(client.health());
                assertTrue(client.health(), "chunked body");
                assertFalse(client.health(), "error answer");
                assertTrue(client.lastError().contains("RATE_LIMITED"));
                assertEquals(1, client.connectionsOpened());
                assertTrue(client.health(), "answered with Connection: close");
                assertTrue(client.health(), "on a new connection");
                assertEquals(2, client.connectionsOpened());
            }
            script.get(5, TimeUnit.SECONDS);
        }
    }

    /** First connection: two plain answers, a chunked one, an error, one with Connection: close; then one more. */
    private static void serve(ServerSocket server) {
        try {
            try (Socket s = server.accept()) {
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                for (int i = 0; i < 5; i++) {
                    String req = readRequest(in);
                    if (!req.contains("Authorization: Bearer dxg_test\r\n")) {
                        throw new IllegalStateException("no bearer token in " + req);
                    }
                    String id = id(req);
                    String ok = "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{\"ok\":true}}";
                    switch (i) {
                        case 2 -> write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                                + Integer.toHexString(10) + "\r\n" + ok.substring(0, 10) + "\r\n"
                                + Integer.toHexString(ok.length() - 10) + "\r\n" + ok.substring(10) + "\r\n0\r\n\r\n");
                        case 3 -> answer(out, "{\"jsonrpc\":\"2.0\",\"id\":" + id
                                + ",\"error\":{\"code\":-32029,\"data\":{\"code\":\"RATE_LIMITED\"}}}", "");
                        case 4 -> answer(out, ok, "Connection: close\r\n");
                        default -> answer(out, ok, "");
                    }
                }
            }
            try (Socket s = server.accept()) {
                String id = id(readRequest(s.getInputStream()));
                answer(s.getOutputStream(), "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{\"ok\":true}}", "");
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String id(String request) {
        Matcher m = ID.matcher(request);
        if (!m.find()) {
            throw new IllegalStateException("no id in " + request);
        }
        return m.group(1);
    }

    private static void answer(OutputStream out, String body, String headers) throws IOException {
        write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" + headers + "Content-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body);
    }

    private static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Reads the headers and the Content-Length body of one request. */
    private static String readRequest(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (!sb.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("client closed");
            }
            sb.append((char) b);
        }
        Matcher m = Pattern.compile("Content-Length: (\\d+)").matcher(sb);
        int len = m.find() ? Integer.parseInt(m.group(1)) : 0;
        sb.append(new String(in.readNBytes(len), StandardCharsets.UTF_8));
        return sb.toString();
    }
}
