package dev.dx.tools.internal.file;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Lines {@code [offset, offset + limit)} of a text stream, at most {@code maxBytes} of them, read in one pass
 * without holding the whole file.
 *
 * @param text      the lines (decoded as UTF-8, malformed bytes replaced)
 * @param firstLine the number of the first line returned (1-based)
 * @param lastLine  the number of the last line returned, {@code firstLine - 1} when none
 * @param more      whether lines follow the returned ones
 * @param cut       whether the byte cap cut the slice short
 * @param binary    whether the file looks binary (a NUL byte early on); {@code text} is empty then
 */
public record LineSlice(String text, long firstLine, long lastLine, boolean more, boolean cut, boolean binary) {
    /** Bytes looked at for a NUL to call a file binary. */
    private static final int SNIFF = 8192;
    /** Most bytes scanned to reach an offset, so a huge file cannot keep a call busy for long. */
    static final long MAX_SCAN = 256L * 1024 * 1024;

    /** Reads the slice; {@code in} should be buffered. */
    public static LineSlice read(InputStream in, long offset, long limit, int maxBytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxBytes, 65536));
        long line = 1;
        long scanned = 0;
        long end = offset + limit;
        int b;
        while ((b = in.read()) != -1) {
            scanned++;
            if (b == 0 && scanned <= SNIFF) {
                return new LineSlice("", offset, offset - 1, false, false, true);
            }
            if (scanned > MAX_SCAN) {
                throw new IOException("the file is larger than " + MAX_SCAN / (1024 * 1024) + " MiB before line "
                        + offset);
            }
            if (line >= offset) {
                if (out.size() >= maxBytes) {
                    return slice(out, offset, line, true, true);
                }
                out.write(b);
            }
            if (b == '\n') {
                line++;
                if (line >= end) {
                    return slice(out, offset, line - 1, in.read() != -1, false);
                }
            }
        }
        // the last line has no newline: it still counts when it has bytes
        long last = out.size() > 0 && lastByte(out) != '\n' ? line : line - 1;
        return slice(out, offset, Math.max(last, offset - 1), false, false);
    }

    private static int lastByte(ByteArrayOutputStream out) {
        byte[] b = out.toByteArray();
        return b[b.length - 1];
    }

    private static LineSlice slice(ByteArrayOutputStream out, long first, long last, boolean more, boolean cut) {
        byte[] bytes = out.toByteArray();
        int len = bytes.length;
        if (cut) {
            // end on a whole line when there is one, and never inside a UTF-8 sequence
            int nl = lastIndexOf(bytes, (byte) '\n');
            if (nl >= 0) {
                len = nl + 1;
                last = first + count(bytes, len) - 1;
            } else {
                while (len > 0 && (bytes[len - 1] & 0xC0) == 0x80) {
                    len--;
                }
                if (len > 0 && (bytes[len - 1] & 0x80) != 0) {
                    len--;
                }
            }
        }
        return new LineSlice(new String(bytes, 0, len, StandardCharsets.UTF_8), first, last, more, cut, false);
    }

    private static int lastIndexOf(byte[] b, byte v) {
        for (int i = b.length - 1; i >= 0; i--) {
            if (b[i] == v) {
                return i;
            }
        }
        return -1;
    }

    private static int count(byte[] b, int len) {
        int n = 0;
        for (int i = 0; i < len; i++) {
            if (b[i] == '\n') {
                n++;
            }
        }
        return n;
    }
}
