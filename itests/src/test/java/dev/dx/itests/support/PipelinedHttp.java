package dev.dx.itests.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket: many {@code POST}s written at once (pipelined) from a chosen loopback address, so a
 * per-address limit is reached by the requests themselves, not by how fast the test machine happens to be.
 */
public final class PipelinedHttp {
    private PipelinedHttp() {
    }

    /** A response: status, headers (lower-case names) and body. */
    public record Response(int status, Map<String, String> headers, String body) {
    }

    /** Sends every body as a POST to {@code path} in one write, then reads as many responses. */
    public static List<Response> post(String fromAddress, int port, String path, Map<String, String> headers,
            List<String> bodies) throws IOException {
        ByteArrayOutputStream requests = new ByteArrayOutputStream();
        for (String body : bodies) {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            StringBuilder h = new StringBuilder().append("POST ").append(path).append(" HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1:").append(port).append("\r\n")
                    .append("Content-Type: application/json\r\nContent-Length: ").append(b.length).append("\r\n");
            headers.forEach((k, v) -> h.append(k).append(": ").append(v).append("\r\n"));
            requests.write(h.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            requests.write(b);
        }
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(fromAddress, 0));
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(30_000);
            s.getOutputStream().write(requests.toByteArray());
            s.getOutputStream().flush();
            InputStream in = new BufferedInputStream(s.getInputStream());
            List<Response> out = new ArrayList<>();
            for (int i = 0; i < bodies.size(); i++) {
                out.add(read(in, true));
            }
            return out;
        }
    }

    /** Reads a status line and headers, and the body too if {@code withBody}. */
    static Response read(InputStream in, boolean withBody) throws IOException {
        String status = line(in);
        Map<String, String> headers = new LinkedHashMap<>();
        String l;
        while (!(l = line(in)).isEmpty()) {
            int c = l.indexOf(':');
            headers.put(l.substring(0, c).trim().toLowerCase(Locale.ROOT), l.substring(c + 1).trim());
        }
        return new Response(Integer.parseInt(status.split(" ")[1]), headers, withBody ? body(in, headers) : "");
    }

    /** Reads a body of the announced Content-Length (none announced: empty). */
    static String body(InputStream in, Map<String, String> headers) throws IOException {
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new EOFException("connection closed in the middle of a response");
            }
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }
}
