package dev.dx.itests.support;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A deliberately small WebSocket client over a plain socket, so tests control every byte: custom handshake headers,
 * oversized or lying frame headers, clients that never read. Text frames only; pings are answered unless told not to.
 */
public final class WsTestClient implements Closeable {
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final int status;
    private final Map<String, String> responseHeaders;
    private final String responseBody;
    private final List<JsonNode> skipped = new ArrayList<>();
    private boolean answerPings = true;
    private int closeCode = -1;
    private String closeReason = "";

    /** A frame as received. */
    public record Frame(int opcode, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private WsTestClient(Socket socket, int status, Map<String, String> headers, String body) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.status = status;
        this.responseHeaders = headers;
        this.responseBody = body;
    }

    /**
     * Opens {@code ws://127.0.0.1:port/ws} with extra handshake headers. The result may be refused: check
     * {@link #status()} (101 means upgraded).
     */
    public static WsTestClient open(int port, String pathAndQuery, Map<String, String> headers) throws IOException {
        return open(port, pathAndQuery, headers, 0);
    }

    /** Like {@link #open(int, String, Map)} with a small receive buffer (bytes; 0 for the default). */
    public static WsTestClient open(int port, String pathAndQuery, Map<String, String> headers, int receiveBuffer)
            throws IOException {
        return open(null, "127.0.0.1", port, pathAndQuery, headers, receiveBuffer);
    }

    /**
     * Like {@link #open(int, String, Map)} from another loopback address (e.g. 127.0.0.2), so the gateway sees
     * another client address.
     */
    public static WsTestClient openFrom(String localAddress, int port, Map<String, String> headers) throws IOException {
        return open(localAddress, "127.0.0.1", port, "/ws", headers, 0);
    }

    /** Like {@link #open(int, String, Map)} to a gateway listening on another loopback address. */
    public static WsTestClient openAt(String host, int port, Map<String, String> headers) throws IOException {
        return open(null, host, port, "/ws", headers, 0);
    }

    private static WsTestClient open(String localAddress, String host, int port, String pathAndQuery,
            Map<String, String> headers, int receiveBuffer) throws IOException {
        Socket s = new Socket();
        if (receiveBuffer > 0) {
            s.setReceiveBufferSize(receiveBuffer);
        }
        if (localAddress != null) {
            s.bind(new InetSocketAddress(localAddress, 0));
        }
        s.connect(new InetSocketAddress(host, port), 5000);
        s.setSoTimeout(10_000);
        s.setTcpNoDelay(true);
        byte[] key = new byte[16];
        RANDOM.nextBytes(key);
        StringBuilder req = new StringBuilder()
                .append("GET ").append(pathAndQuery).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append(':').append(port).append("\r\n")
                .append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
                .append("Sec-WebSocket-Key: ").append(Base64.getEncoder().encodeToString(key)).append("\r\n")
                .append("Sec-WebSocket-Version: 13\r\n");
        for (Map.Entry<String, String> h : headers.entrySet()) {
            req.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        req.append("\r\n");
        s.getOutputStream().write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
        InputStream in = s.getInputStream();
        PipelinedHttp.Response head = PipelinedHttp.read(in, false);
        int status = head.status();
        Map<String, String> rh = head.headers();
        String body = status == 101 ? "" : PipelinedHttp.body(in, rh);
        return new WsTestClient(s, status, rh, body);
    }

    public static WsTestClient open(int port, Map<String, String> headers) throws IOException {
        return open(port, "/ws", headers);
    }

    public int status() {
        return status;
    }

    public String header(String name) {
        return responseHeaders.get(name.toLowerCase(Locale.ROOT));
    }

    /** @return the HTTP body of a refused upgrade */
    public String body() {
        return responseBody;
    }

    public void answerPings(boolean answer) {
        this.answerPings = answer;
    }

    public void sendText(String text) throws IOException {
        sendFrame(0x1, text.getBytes(StandardCharsets.UTF_8), true);
    }

    /** Sends a JSON-RPC request and returns its id. */
    public void request(Object id, String method, Object params) throws IOException {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("jsonrpc", "2.0");
        r.put("id", id);
        r.put("method", method);
        if (params != null) {
            r.put("params", params);
        }
        sendText(JSON.writeValueAsString(r));
    }

    /**
     * Sends a request and waits for the response with that id. What comes before it is kept, see
     * {@link #takeSkipped()}: tolerant of events, for tests about something else.
     */
    public JsonNode call(Object id, String method, Object params) throws IOException {
        request(id, method, params);
        while (true) {
            JsonNode n = readJson();
            if (n == null) {
                throw new EOFException("connection closed (" + closeCode + " " + closeReason + ") before response " + id);
            }
            if (n.has("id") && n.get("id").asText().equals(String.valueOf(id))) {
                return n;
            }
            skipped.add(n);
        }
    }

    /**
     * Sends a request and requires the very next message to be its response. Events are delivered in order with
     * responses, so an event that was sent to this client before the request was made fails this call: use it to
     * prove a client got no event.
     */
    public JsonNode callStrict(Object id, String method, Object params) throws IOException {
        request(id, method, params);
        JsonNode n = readJson();
        if (n == null) {
            throw new EOFException("connection closed (" + closeCode + " " + closeReason + ") before response " + id);
        }
        if (!n.has("id") || !n.get("id").asText().equals(String.valueOf(id))) {
            throw new AssertionError("expected the response to request " + id + " and nothing before it, got " + n);
        }
        return n;
    }

    /** @return the messages {@link #call} passed over while waiting for responses since the last take */
    public List<JsonNode> takeSkipped() {
        List<JsonNode> taken = new ArrayList<>(skipped);
        skipped.clear();
        return taken;
    }

    /** Writes a whole masked frame with one write, so a server that refuses it early cannot break the pipe midway. */
    public synchronized void sendFrame(int opcode, byte[] payload, boolean fin) throws IOException {
        byte[] h = header(opcode, payload.length, fin);
        byte[] frame = new byte[h.length + 4 + payload.length];
        System.arraycopy(h, 0, frame, 0, h.length);
        byte[] mask = new byte[4];
        RANDOM.nextBytes(mask);
        System.arraycopy(mask, 0, frame, h.length, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[h.length + 4 + i] = (byte) (payload[i] ^ mask[i & 3]);
        }
        out.write(frame);
        out.flush();
    }

    /** Writes only a frame header that announces {@code declared} payload bytes (and a mask), nothing more. */
    public void sendFrameHeaderOnly(int opcode, long declared) throws IOException {
        out.write(header(opcode, declared, true));
        out.write(new byte[4]);
        out.flush();
    }

    private static byte[] header(int opcode, long len, boolean fin) {
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        h.write((fin ? 0x80 : 0) | opcode);
        if (len < 126) {
            h.write(0x80 | (int) len);
        } else if (len < 65536) {
            h.write(0x80 | 126);
            h.write((int) (len >> 8));
            h.write((int) len);
        } else {
            h.write(0x80 | 127);
            for (int i = 7; i >= 0; i--) {
                h.write((int) (len >> (8 * i)));
            }
        }
        return h.toByteArray();
    }

    /** @return the next text message as JSON, or {@code null} when the server closed */
    public JsonNode readJson() throws IOException {
        Frame f = readFrame();
        return f == null ? null : JSON.readTree(f.payload());
    }

    /**
     * Reads the next text frame, answering pings. Returns {@code null} when the connection is closed (see
     * {@link #closeCode()}); throws {@link SocketTimeoutException} when nothing arrives within the socket timeout.
     */
    public Frame readFrame() throws IOException {
        while (true) {
            int b0 = in.read();
            if (b0 < 0) {
                return null;
            }
            int b1 = in.read();
            if (b1 < 0) {
                return null;
            }
            long len = b1 & 0x7f;
            if (len == 126) {
                len = (in.read() << 8) | in.read();
            } else if (len == 127) {
                len = 0;
                for (int i = 0; i < 8; i++) {
                    len = (len << 8) | in.read();
                }
            }
            byte[] payload = in.readNBytes((int) len);
            int opcode = b0 & 0x0f;
            if (opcode == 0x8) {
                closeCode = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
                closeReason = payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
                return null;
            }
            if (opcode == 0x9) {
                if (answerPings) {
                    sendFrame(0xA, payload, true);
                }
                continue;
            }
            if (opcode == 0xA) {
                continue;
            }
            return new Frame(opcode, payload);
        }
    }

    /**
     * Reads until the server closes or the socket ends.
     *
     * @return the close code, or -1 if the connection ended without a close frame (reset or EOF)
     */
    public int awaitClose(int timeoutMs) throws IOException {
        socket.setSoTimeout(timeoutMs);
        try {
            while (readFrame() != null) {
                // skip
            }
        } catch (java.net.SocketException e) {
            return -1;
        }
        return closeCode;
    }

    public int closeCode() {
        return closeCode;
    }

    public String closeReason() {
        return closeReason;
    }

    public void timeout(int ms) throws IOException {
        socket.setSoTimeout(ms);
    }

    /** Shrinks the receive buffer, so a client that does not read backs up quickly. */
    public Socket socket() {
        return socket;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
