package dev.dx.tools.internal.exec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Keeps the first and the last bytes of a stream up to a cap, and counts what was cut in between. */
final class OutputCapture {
    private final byte[] head;
    private final byte[] tail;
    private int headLen;
    private long tailCount;
    private long total;

    OutputCapture(int maxBytes) {
        this.head = new byte[maxBytes / 2];
        this.tail = new byte[maxBytes - maxBytes / 2];
    }

    /** Reads the stream to its end (or until it is closed under us). */
    void drain(InputStream in) throws IOException {
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) != -1) {
            append(buf, 0, n);
        }
    }

    synchronized void append(byte[] b, int off, int len) {
        total += len;
        int toHead = Math.min(len, head.length - headLen);
        System.arraycopy(b, off, head, headLen, toHead);
        headLen += toHead;
        for (int i = off + toHead; i < off + len; i++) {
            tail[(int) (tailCount++ % tail.length)] = b[i];
        }
    }

    /** @return every byte seen */
    synchronized long total() {
        return total;
    }

    /** @return bytes left out of {@link #text()} */
    synchronized long cut() {
        return Math.max(0, tailCount - tail.length);
    }

    /** @return the kept output, with a note where the middle was cut */
    synchronized String text() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(headLen + tail.length + 64);
        out.write(head, 0, headLen);
        if (tailCount <= tail.length) {
            out.write(tail, 0, (int) tailCount);
        } else {
            out.writeBytes(("\n[… " + cut() + " bytes of output cut …]\n").getBytes(StandardCharsets.UTF_8));
            int start = (int) (tailCount % tail.length);
            out.write(tail, start, tail.length - start);
            out.write(tail, 0, start);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
