package dev.dx.memory.internal.store;

import java.security.SecureRandom;

/** Document ids: {@code mem_} and a ULID (time-ordered, 26 Crockford base-32 characters). */
public final class Ids {
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    /** @return a new document id */
    public static String newId() {
        return "mem_" + ulid(System.currentTimeMillis());
    }

    static String ulid(long timeMs) {
        char[] out = new char[26];
        long t = timeMs;
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (t & 31)];
            t >>>= 5;
        }
        byte[] r = new byte[10];
        RANDOM.nextBytes(r);
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 5; i++) {
            hi = (hi << 8) | (r[i] & 0xff);
            lo = (lo << 8) | (r[i + 5] & 0xff);
        }
        for (int i = 17; i >= 10; i--) {
            out[i] = ALPHABET[(int) (hi & 31)];
            hi >>>= 5;
        }
        for (int i = 25; i >= 18; i--) {
            out[i] = ALPHABET[(int) (lo & 31)];
            lo >>>= 5;
        }
        return new String(out);
    }

    /** @return whether {@code id} can be a stored document id (no file id, no odd characters) */
    public static boolean valid(String id) {
        return id != null && id.matches("[A-Za-z0-9_.\\-]{1,128}");
    }
}
