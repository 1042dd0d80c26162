package dev.dx.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;

/** The HTTP/1.1 upgrade that opens a WebSocket (RFC 6455 section 4), checked down to Sec-WebSocket-Accept. */
final class WsHandshake {
    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The gateway answered the upgrade with something other than 101, e.g. 429 over the per-address cap. */
    static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;
        final int status;

        Refused(int status, String body) {
            super("WebSocket upgrade refused with HTTP " + status + (body.isEmpty() ? "" : ": " + body));
            this.status = status;
        }
    }

    private WsHandshake() {
    }

    /**
     * Upgrades the connection to a WebSocket on {@code path}.
     *
     * @throws Refused when the gateway answers with another status (its JSON-RPC error body is in the message)
     */
    static void upgrade(OutputStream out, Wire wire, String hostHeader, String path) throws IOException {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        String key = Base64.getEncoder().encodeToString(nonce);
        String req = "GET " + path + " HTTP/1.1\r\nHost: " + hostHeader + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
        out.write(req.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        String statusLine = wire.readLine();
        if (statusLine == null || !statusLine.startsWith("HTTP/1.1 ") || statusLine.length() < 12) {
            throw new IOException("Not an HTTP answer to the WebSocket upgrade: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        String accept = null;
        int contentLength = 0;
        String line;
        while ((line = wire.readLine()) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            String name = colon < 0 ? line : line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = colon < 0 ? "" : line.substring(colon + 1).trim();
            if (name.equals("sec-websocket-accept")) {
                accept = value;
            } else if (name.equals("content-length")) {
                contentLength = Integer.parseInt(value);
            }
        }
        if (status != 101) {
            byte[] body = new byte[Math.min(contentLength, 4096)];
            wire.readFully(body, 0, body.length);
            throw new Refused(status, new String(body, StandardCharsets.UTF_8));
        }
        if (!expectedAccept(key).equals(accept)) {
            throw new IOException("The WebSocket upgrade answered a wrong Sec-WebSocket-Accept");
        }
    }

    static String expectedAccept(String key) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            return Base64.getEncoder().encodeToString(sha1.digest((key + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JVM", e);
        }
    }
}
