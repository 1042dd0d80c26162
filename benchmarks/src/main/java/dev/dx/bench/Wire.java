package dev.dx.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Buffered reads from a socket for exactly one reader thread, without BufferedInputStream's lock per byte. */
final class Wire {
    private final InputStream in;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int limit;

    Wire(InputStream in) {
        this.in = in;
    }

    /** @return the next byte, or -1 at the end of the stream */
    int read() throws IOException {
        if (pos == limit && !fill()) {
            return -1;
        }
        return buf[pos++] & 0xff;
    }

    int readByte() throws IOException {
        int b = read();
        if (b < 0) {
            throw new EOFException("the gateway closed the connection");
        }
        return b;
    }

    void readFully(byte[] dst, int off, int len) throws IOException {
        while (len > 0) {
            if (pos == limit && !fill()) {
                throw new EOFException("the gateway closed the connection in the middle of a message");
            }
            int n = Math.min(len, limit - pos);
            System.arraycopy(buf, pos, dst, off, n);
            pos += n;
            off += n;
            len -= n;
        }
    }

    /** @return a line without its CR LF, or {@code null} if the stream ended before the line began */
    String readLine() throws IOException {
        int start = pos;
        // Fast path: the whole line is already buffered (nearly always, for a response's headers).
        for (int i = pos; i < limit; i++) {
            if (buf[i] == '\n') {
                pos = i + 1;
                int end = i > start && buf[i - 1] == '\r' ? i - 1 : i;
                return new String(buf, start, end - start, StandardCharsets.ISO_8859_1);
            }
        }
        StringBuilder sb = new StringBuilder();
        int b;
        while ((b = read()) >= 0) {
            if (b == '\n') {
                int end = sb.length() > 0 && sb.charAt(sb.length() - 1) == '\r' ? sb.length() - 1 : sb.length();
                return sb.substring(0, end);
            }
            if (sb.length() > 16 * 1024) {
                throw new IOException("a header line of more than 16 KiB: not an HTTP server we know");
            }
            sb.append((char) b);
        }
        if (sb.length() == 0) {
            return null;
        }
        throw new EOFException("the gateway closed the connection in the middle of a line");
    }

    private boolean fill() throws IOException {
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }
}
