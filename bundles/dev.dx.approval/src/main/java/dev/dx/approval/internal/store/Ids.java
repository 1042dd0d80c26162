package dev.dx.approval.internal.store;

import java.security.SecureRandom;

/** Approval ids: 26 characters of Crockford base32, time first, so they sort in the order decisions were asked for. */
public final class Ids {
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    /** @return a new id: 48 bits of milliseconds and 80 random bits */
    public static String next() {
        long time = System.currentTimeMillis();
        byte[] rnd = new byte[10];
        RANDOM.nextBytes(rnd);
        char[] out = new char[26];
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (time & 31)];
            time >>>= 5;
        }
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 5; i++) {
            hi = (hi << 8) | (rnd[i] & 0xff);
            lo = (lo << 8) | (rnd[i + 5] & 0xff);
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

    /** @return whether {@code id} has the shape of an approval id (checked before it reaches SQL or a message) */
    public static boolean valid(String id) {
        return id != null && id.matches("[0-9A-HJKMNP-TV-Z]{26}");
    }
}
