package dev.dx.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * A minimal HTTP/1.1 keep-alive client for {@code POST /rpc} on one plain socket. Unlike a pooling client it never
 * opens a second connection behind the caller's back: it reconnects only when the gateway closes, and counts it, so
 * the report can show that N threads really used N kept-alive connections.
 */
final class HttpRpcClient implements RoundTrip {
    private static final byte[] BODY_HEAD = Bytes.ascii("{\"jsonrpc\":\"2.0\",\"id\":");
    private static final byte[] BODY_TAIL = Bytes.ascii(",\"method\":\"health\"}");
    private static final byte[] RESULT_TAIL = Bytes.ascii(",\"result\":{\"ok\":true}}");
    private static final byte[] CRLF2 = Bytes.ascii("\r\n\r\n");
    private static final int MAX_BODY = 16 << 20;

    private final Target target;
    private final byte[] head;
    private byte[] request = new byte[1024];
    private final byte[] json = new byte[128];
    private byte[] body = new byte[4096];
    private int bodyLength;
    private Socket socket;
    private OutputStream out;
    private Wire wire;
    private boolean reused;
    private int opened;
    private long nextId;
    private String lastError = "";

    HttpRpcClient(Target target) {
        this.target = target;
        this.head = ("POST /rpc HTTP/1.1\r\nHost: " + target.hostHeader() + "\r\nAuthorization: Bearer " + target.token()
                + "\r\nContent-Type: application/json\r\nContent-Length: ").getBytes(StandardCharsets.ISO_8859_1);
    }

    /** @return how many TCP connections this client has opened so far */
    int connectionsOpened() {
        return opened;
    }

    @Override
    public boolean health() throws IOException {
        long id = ++nextId;
        int n = Bytes.put(json, 0, BODY_HEAD);
        n = Bytes.putDecimal(json, n, id);
        n = Bytes.put(json, n, BODY_TAIL);
        int status = exchange(json, n);
        if (status == 200 && Bytes.isMessage(body, bodyLength, BODY_HEAD, id, RESULT_TAIL)) {
            return true;
        }
        String text = "HTTP " + status + " " + new String(body, 0, Math.min(bodyLength, 500), StandardCharsets.UTF_8);
        if (status != 200 || Bytes.indexOf(body, bodyLength, Bytes.ascii("\"error\":")) >= 0) {
            lastError = text;
            return false;
        }
        throw new IOException("Unexpected answer from the gateway: " + text);
    }

    @Override
    public String lastError() {
        return lastError;
    }

    /**
     * Posts any JSON-RPC request (for {@code status}).
     *
     * @return the response body
     * @throws IOException on a transport failure or a status other than 200
     */
    String call(String requestJson) throws IOException {
        byte[] b = requestJson.getBytes(StandardCharsets.UTF_8);
        int status = exchange(b, b.length);
        String text = new String(body, 0, bodyLength, StandardCharsets.UTF_8);
        if (status != 200) {
            throw new IOException("POST /rpc answered HTTP " + status + ": " + text);
        }
        return text;
    }

    /** Sends one request and reads its response into {@link #body}; returns the status. */
    private int exchange(byte[] json, int len) throws IOException {
        if (socket == null) {
            open();
        }
        int n = buildRequest(json, len);
        out.write(request, 0, n);
        String statusLine = wire.readLine();
        if (statusLine == null && reused) {
            // The gateway closed an idle kept-alive connection just before we used it: one retry on a new one.
            open();
            out.write(request, 0, n);
            statusLine = wire.readLine();
        }
        if (statusLine == null) {
            throw new EOFException("The gateway closed the connection without answering");
        }
        reused = true;
        return readResponse(statusLine);
    }

    private int buildRequest(byte[] json, int len) {
        int need = head.length + 20 + CRLF2.length + len;
        if (request.length < need) {
            request = new byte[need];
        }
        int n = Bytes.put(request, 0, head);
        n = Bytes.putDecimal(request, n, len);
        n = Bytes.put(request, n, CRLF2);
        System.arraycopy(json, 0, request, n, len);
        return n + len;
    }

    private int readResponse(String statusLine) throws IOException {
        if (!statusLine.startsWith("HTTP/1.1 ") || statusLine.length() < 12) {
            throw new IOException("Not an HTTP/1.1 response: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long contentLength = -1;
        boolean chunked = false;
        boolean close = false;
        String line;
        while ((line = wire.readLine()) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
            if (name.equals("content-length")) {
                contentLength = Long.parseLong(value);
            } else if (name.equals("transfer-encoding")) {
                chunked = value.contains("chunked");
            } else if (name.equals("connection")) {
                close = value.contains("close");
            }
        }
        if (line == null) {
            throw new EOFException("The gateway closed the connection in the middle of a response");
        }
        bodyLength = 0;
        if (chunked) {
            readChunked();
        } else if (contentLength >= 0) {
            readBody(contentLength);
        } else if (status != 204 && status != 304) {
            throw new IOException("A response without Content-Length or chunking cannot be kept alive");
        }
        if (close) {
            closeSocket();
        }
        return status;
    }

    private void readChunked() throws IOException {
        while (true) {
            String size = wire.readLine();
            if (size == null) {
                throw new EOFException("The gateway closed the connection in the middle of a chunked body");
            }
            int semi = size.indexOf(';');
            long n = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
            if (n == 0) {
                String trailer;
                while ((trailer = wire.readLine()) != null && !trailer.isEmpty()) {
                    continue;
                }
                return;
            }
            readBody(n);
            wire.readLine();
        }
    }

    private void readBody(long n) throws IOException {
        if (bodyLength + n > MAX_BODY) {
            throw new IOException("A response body of more than " + MAX_BODY + " bytes");
        }
        if (body.length < bodyLength + n) {
            body = Arrays.copyOf(body, (int) Math.max(bodyLength + n, body.length * 2L));
        }
        wire.readFully(body, bodyLength, (int) n);
        bodyLength += (int) n;
    }

    private void open() throws IOException {
        closeSocket();
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(target.host(), target.port()), 5000);
            // A gateway that stops answering fails the run instead of hanging it.
            s.setSoTimeout(30_000);
            out = s.getOutputStream();
            wire = new Wire(s.getInputStream());
        } catch (IOException e) {
            s.close();
            throw e;
        }
        socket = s;
        reused = false;
        opened++;
    }

    private void closeSocket() throws IOException {
        Socket s = socket;
        socket = null;
        if (s != null) {
            s.close();
        }
    }

    @Override
    public void close() throws IOException {
        closeSocket();
    }
}
