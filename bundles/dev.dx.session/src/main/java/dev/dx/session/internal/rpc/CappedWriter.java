package dev.dx.session.internal.rpc;

import java.io.Writer;

import dev.dx.api.rpc.ErrorCode;
import dev.dx.api.rpc.RpcException;

/** Collects text up to a limit and fails with {@code TOO_LARGE} beyond it, before the whole export is in memory. */
final class CappedWriter extends Writer {
    private final StringBuilder text = new StringBuilder();
    private final int maxChars;
    private final String tooLarge;

    CappedWriter(int maxChars, String tooLarge) {
        this.maxChars = maxChars;
        this.tooLarge = tooLarge;
    }

    @Override
    public void write(char[] buf, int off, int len) {
        if (text.length() + (long) len > maxChars) {
            throw new RpcException(ErrorCode.TOO_LARGE, tooLarge);
        }
        text.append(buf, off, len);
    }

    @Override
    public void write(String s, int off, int len) {
        if (text.length() + (long) len > maxChars) {
            throw new RpcException(ErrorCode.TOO_LARGE, tooLarge);
        }
        text.append(s, off, off + len);
    }

    @Override
    public void flush() {
        // nothing buffered beyond the text itself
    }

    @Override
    public void close() {
        // nothing to release
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
