package dev.dx.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A minimal blocking WebSocket client (RFC 6455, text frames) on a plain socket. No selector thread, executor or
 * queue sits between the caller and the socket, so a round trip costs the client one write and one read and the
 * latency measured is the gateway's plus the loopback's. It authenticates with the {@code connect} request, whose
 * answer tells the connection's rate limit.
 */
final class WsClient implements RoundTrip {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_MESSAGE = 1 << 20;
    private static final byte[] REQUEST_HEAD = Bytes.ascii("{\"jsonrpc\":\"2.0\",\"id\":");
    private static final byte[] REQUEST_TAIL = Bytes.ascii(",\"method\":\"health\"}");
    private static final byte[] RESULT_TAIL = Bytes.ascii(",\"result\":{\"ok\":true}}");
    private static final byte[] ID_KEY = Bytes.ascii("\"id\":");

    private final Socket socket;
    private final OutputStream out;
    private final Wire wire;
    private final Object writeLock = new Object();
    private final byte[] mask = new byte[4];
    private final byte[] payload = new byte[128];
    private byte[] frame = new byte[256];
    private byte[] message = new byte[4096];
    private int messageLength;
    private int requestsPerSecond = -1;
    private long nextId;
    private boolean lastWasError;
    private String lastError = "";

    private WsClient(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.wire = new Wire(socket.getInputStream());
        // RFC 6455 asks for a fresh mask per frame against proxy cache poisoning; on loopback one per connection
        // keeps SecureRandom off the hot path and the server cannot tell.
        RANDOM.nextBytes(mask);
    }

    /** Opens {@code /ws} and authenticates with a {@code connect} request. */
    static WsClient open(Target target) throws IOException {
        Socket s = new Socket();
        WsClient c = null;
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(target.host(), target.port()), 5000);
            // A gateway that stops answering fails the run instead of hanging it.
            s.setSoTimeout(30_000);
            c = new WsClient(s);
            WsHandshake.upgrade(c.out, c.wire, target.hostHeader(), "/ws");
            c.connect(target);
            return c;
        } finally {
            if (c == null || c.requestsPerSecond < 0) {
                s.close();
            }
        }
    }

    private void connect(Target target) throws IOException {
        ObjectNode req = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", 0).put("method", "connect");
        ObjectNode params = req.putObject("params").put("token", target.token());
        params.putObject("client").put("name", "dx-bench");
        sendText(JSON.writeValueAsBytes(req));
        readText();
        JsonNode answer = JSON.readTree(message, 0, messageLength);
        if (!answer.has("result")) {
            throw new IOException("connect was refused: " + answer.path("error").path("message").asText(answer.toString()));
        }
        requestsPerSecond = answer.path("result").path("limits").path("requestsPerSecond").asInt(0);
    }

    /** @return the per-connection request rate the gateway announced in its connect answer */
    int requestsPerSecond() {
        return requestsPerSecond;
    }

    @Override
    public boolean health() throws IOException {
        long id = ++nextId;
        sendHealth(id);
        long answered = receive();
        if (lastWasError) {
            return false;
        }
        if (answered != id) {
            throw new IOException("An answer to id " + answered + " while waiting for id " + id);
        }
        return true;
    }

    @Override
    public String lastError() {
        return lastError;
    }

    /** Sends {@code health} with the given id; safe to call while another thread is in {@link #receive()}. */
    void sendHealth(long id) throws IOException {
        int n = Bytes.put(payload, 0, REQUEST_HEAD);
        n = Bytes.putDecimal(payload, n, id);
        n = Bytes.put(payload, n, REQUEST_TAIL);
        writeFrame(0x1, payload, n);
    }

    /**
     * Reads the next answer (one reader thread only).
     *
     * @return its id; {@link #lastWasError()} tells whether it was an error
     * @throws IOException when the message is neither the expected result nor a JSON-RPC error
     */
    long receive() throws IOException {
        readText();
        long id = Bytes.decimalAfter(message, messageLength, ID_KEY);
        if (id >= 0 && Bytes.isMessage(message, messageLength, REQUEST_HEAD, id, RESULT_TAIL)) {
            lastWasError = false;
            return id;
        }
        String text = new String(message, 0, Math.min(messageLength, 500), StandardCharsets.UTF_8);
        if (Bytes.indexOf(message, messageLength, Bytes.ascii("\"error\":")) >= 0) {
            lastWasError = true;
            lastError = text;
            return id;
        }
        throw new IOException("Unexpected message from the gateway: " + text);
    }

    boolean lastWasError() {
        return lastWasError;
    }

    private void sendText(byte[] text) throws IOException {
        writeFrame(0x1, text, text.length);
    }

    /** Writes one masked frame with a single write call. */
    private void writeFrame(int opcode, byte[] data, int len) throws IOException {
        synchronized (writeLock) {
            int headerLength = len < 126 ? 2 : len < 65536 ? 4 : 10;
            int total = headerLength + 4 + len;
            if (frame.length < total) {
                frame = new byte[Math.max(total, frame.length * 2)];
            }
            frame[0] = (byte) (0x80 | opcode);
            if (len < 126) {
                frame[1] = (byte) (0x80 | len);
            } else if (len < 65536) {
                frame[1] = (byte) (0x80 | 126);
                frame[2] = (byte) (len >> 8);
                frame[3] = (byte) len;
            } else {
                frame[1] = (byte) (0x80 | 127);
                for (int i = 0; i < 8; i++) {
                    frame[2 + i] = (byte) ((long) len >> (8 * (7 - i)));
                }
            }
            System.arraycopy(mask, 0, frame, headerLength, 4);
            int p = headerLength + 4;
            for (int i = 0; i < len; i++) {
                frame[p + i] = (byte) (data[i] ^ mask[i & 3]);
            }
            out.write(frame, 0, total);
        }
    }

    /** Reads the next text message into {@link #message}, answering pings on the way. */
    private void readText() throws IOException {
        int length = 0;
        while (true) {
            int b0 = wire.readByte();
            int b1 = wire.readByte();
            if ((b1 & 0x80) != 0) {
                throw new IOException("The gateway sent a masked frame, which RFC 6455 forbids");
            }
            long len = b1 & 0x7f;
            if (len == 126) {
                len = (wire.readByte() << 8) | wire.readByte();
            } else if (len == 127) {
                len = 0;
                for (int i = 0; i < 8; i++) {
                    len = (len << 8) | wire.readByte();
                }
            }
            if (len > MAX_MESSAGE || length + len > MAX_MESSAGE) {
                throw new IOException("A message of more than " + MAX_MESSAGE + " bytes: not a health answer");
            }
            int opcode = b0 & 0x0f;
            if (opcode >= 0x8) {
                control(opcode, (int) len);
                continue;
            }
            if (opcode == 0x2) {
                throw new IOException("The gateway sent a binary message");
            }
            if (message.length < length + len) {
                message = java.util.Arrays.copyOf(message, (int) Math.max(length + len, message.length * 2L));
            }
            wire.readFully(message, length, (int) len);
            length += (int) len;
            if ((b0 & 0x80) != 0) {
                messageLength = length;
                return;
            }
        }
    }

    private void control(int opcode, int len) throws IOException {
        byte[] data = new byte[len];
        wire.readFully(data, 0, len);
        if (opcode == 0x9) {
            writeFrame(0xA, data, len);
        } else if (opcode == 0x8) {
            int code = len >= 2 ? ((data[0] & 0xff) << 8) | (data[1] & 0xff) : 1005;
            String reason = len > 2 ? new String(data, 2, len - 2, StandardCharsets.UTF_8) : "";
            throw new EOFException("The gateway closed the WebSocket: " + code + " " + reason);
        }
    }

    @Override
    public void abort() throws IOException {
        socket.close();
    }

    /** Closes politely (close frame, then the gateway's close frame), so the gateway frees the slot at once. */
    @Override
    public void close() throws IOException {
        if (socket.isClosed()) {
            return;
        }
        try (socket) {
            writeFrame(0x8, new byte[] {0x03, (byte) 0xE8}, 2);
            socket.setSoTimeout(2000);
            for (int i = 0; i < 10_000; i++) {
                readText();
            }
        } catch (EOFException expected) {
            // the gateway's close frame, or its end of the stream: the handshake is done
        } catch (SocketTimeoutException e) {
            // the gateway did not answer the close within 2 s; the socket is closed anyway, which frees the slot too
        }
    }
}
