package dev.dx.testsupport.fakemodel;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Just enough HTTP/1.1 for the fake: request parsing (length or chunked bodies), status lines, chunked writes. */
final class HttpWire {
    private static final int MAX_LINE = 64 * 1024;
    private static final int MAX_BODY = 64 * 1024 * 1024;

    /** A parsed request. */
    record Request(String method, String path, String version, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            List<String> v = headers.get(name);
            return v == null || v.isEmpty() ? null : v.get(0);
        }
    }

    private HttpWire() {
    }

    /** @return the next request, or {@code null} when the client closed the connection between requests */
    static Request read(InputStream in, OutputStream out) throws IOException {
        String line = line(in);
        if (line == null) {
            return null;
        }
        String[] parts = line.split(" ");
        if (parts.length != 3) {
            throw new IOException("bad request line: " + line);
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
            int colon = h.indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(h.substring(colon + 1).trim());
            }
        }
        String target = parts[1];
        int q = target.indexOf('?');
        Request head = new Request(parts[0], q < 0 ? target : target.substring(0, q), parts[2], headers, new byte[0]);
        if ("100-continue".equalsIgnoreCase(head.header("expect"))) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        byte[] body;
        if ("chunked".equalsIgnoreCase(head.header("transfer-encoding"))) {
            body = chunked(in);
        } else if (head.header("content-length") != null) {
            int n = Integer.parseInt(head.header("content-length"));
            if (n < 0 || n > MAX_BODY) {
                throw new IOException("body too large: " + n);
            }
            body = in.readNBytes(n);
            if (body.length != n) {
                throw new EOFException("body ended early");
            }
        } else {
            body = new byte[0];
        }
        return new Request(head.method(), head.path(), head.version(), headers, body);
    }

    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = line(in);
            if (size == null) {
                throw new EOFException("chunked body ended early");
            }
            int semicolon = size.indexOf(';');
            int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
            if (n == 0) {
                for (String trailer = line(in); trailer != null && !trailer.isEmpty(); trailer = line(in)) {
                    // trailers are not used by any client of the fake
                }
                return body.toByteArray();
            }
            if (body.size() + n > MAX_BODY) {
                throw new IOException("body too large");
            }
            body.write(in.readNBytes(n));
            line(in);
        }
    }

    /** @return a CRLF- (or LF-) terminated line without its terminator, or {@code null} at end of stream */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(128);
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                byte[] bytes = b.toByteArray();
                int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
            }
            if (b.size() >= MAX_LINE) {
                throw new IOException("line too long");
            }
            b.write(c);
        }
        if (b.size() > 0) {
            throw new EOFException("connection closed inside a line");
        }
        return null;
    }

    /** Writes a complete response with a body and Content-Length. */
    static void writeFull(OutputStream out, int status, Map<String, String> headers, byte[] body) throws IOException {
        StringBuilder head = statusLine(status);
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    /** Writes the head of a chunked response; the body follows as {@link #writeChunk} calls and {@link #endChunks}. */
    static void writeChunkedHead(OutputStream out, int status, Map<String, String> headers) throws IOException {
        StringBuilder head = statusLine(status);
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        head.append("Transfer-Encoding: chunked\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    static void writeChunk(OutputStream out, byte[] data) throws IOException {
        out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(data);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    static void endChunks(OutputStream out) throws IOException {
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static StringBuilder statusLine(int status) {
        return new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            case 529 -> "Overloaded";
            default -> "Status";
        };
    }
}
