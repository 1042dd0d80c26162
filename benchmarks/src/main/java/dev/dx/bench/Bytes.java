package dev.dx.bench;

import java.nio.charset.StandardCharsets;

/** Byte helpers for the hot path: building and checking JSON-RPC messages without allocating strings. */
final class Bytes {
    private Bytes() {
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Copies {@code src} into {@code dst} at {@code off}; returns the offset after it. */
    static int put(byte[] dst, int off, byte[] src) {
        System.arraycopy(src, 0, dst, off, src.length);
        return off + src.length;
    }

    /** Writes {@code v} (not negative) in decimal at {@code off}; returns the offset after it. */
    static int putDecimal(byte[] dst, int off, long v) {
        if (v < 0) {
            throw new IllegalArgumentException("negative: " + v);
        }
        int digits = 1;
        for (long x = v; x >= 10; x /= 10) {
            digits++;
        }
        for (int i = off + digits - 1; i >= off; i--) {
            dst[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return off + digits;
    }

    /** Whether {@code b[0, len)} is exactly {@code head}, the decimal {@code id}, then {@code tail}. */
    static boolean isMessage(byte[] b, int len, byte[] head, long id, byte[] tail) {
        if (len < head.length + 1 + tail.length || !regionEquals(b, 0, head)) {
            return false;
        }
        int p = head.length;
        long parsed = 0;
        int start = p;
        while (p < len && b[p] >= '0' && b[p] <= '9' && p - start < 19) {
            parsed = parsed * 10 + (b[p++] - '0');
        }
        return p > start && parsed == id && p + tail.length == len && regionEquals(b, p, tail);
    }

    /**
     * @return the unsigned decimal right after the first occurrence of {@code key} in {@code b[0, len)}, or -1 when
     *         there is none
     */
    static long decimalAfter(byte[] b, int len, byte[] key) {
        int at = indexOf(b, len, key);
        if (at < 0) {
            return -1;
        }
        int p = at + key.length;
        long v = 0;
        int start = p;
        while (p < len && b[p] >= '0' && b[p] <= '9' && p - start < 19) {
            v = v * 10 + (b[p++] - '0');
        }
        return p > start ? v : -1;
    }

    static int indexOf(byte[] b, int len, byte[] key) {
        for (int i = 0; i + key.length <= len; i++) {
            if (regionEquals(b, i, key)) {
                return i;
            }
        }
        return -1;
    }

    static boolean regionEquals(byte[] b, int off, byte[] key) {
        if (off + key.length > b.length) {
            return false;
        }
        for (int i = 0; i < key.length; i++) {
            if (b[off + i] != key[i]) {
                return false;
            }
        }
        return true;
    }
}
