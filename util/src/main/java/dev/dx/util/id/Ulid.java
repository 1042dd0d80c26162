package dev.dx.util.id;

import java.security.SecureRandom;

/**
 * ULIDs (https://github.com/ulid/spec): 48 bits of milliseconds and 80 random bits in 26 characters of Crockford
 * base32, so keys sort by creation time. Keys made in the same millisecond count up from the first one's random
 * part, so they sort in the order they were made even then. One generator per store; thread-safe.
 */
public final class Ulid {
    static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final long RANDOM_HI_MASK = (1L << 16) - 1;

    private final SecureRandom random = new SecureRandom();
    private long lastMillis = -1;
    private long hi;
    private long lo;

    /** @return a new key, greater than every key this generator made before */
    public synchronized String next() {
        long now = Math.max(System.currentTimeMillis(), lastMillis);
        if (now == lastMillis) {
            // monotonic within a millisecond: the 80-bit random part plus one
            lo++;
            if (lo == 0) {
                hi = (hi + 1) & RANDOM_HI_MASK;
                if (hi == 0) {
                    // 2^80 keys in one millisecond cannot happen; borrow the next millisecond rather than wrap
                    now++;
                    fresh();
                }
            }
        } else {
            fresh();
        }
        lastMillis = now;
        return encode(now, hi, lo);
    }

    /**
     * @param s a candidate key
     * @return whether {@code s} is a canonical ULID: 26 characters of upper-case Crockford base32, not over 2^128
     */
    public static boolean isValid(String s) {
        if (s == null || s.length() != 26 || s.charAt(0) > '7') {
            return false;
        }
        for (int i = 0; i < 26; i++) {
            if (ALPHABET.indexOf(s.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /** @return the millisecond timestamp of a valid key */
    public static long millis(String ulid) {
        long t = 0;
        for (int i = 0; i < 10; i++) {
            t = (t << 5) | ALPHABET.indexOf(ulid.charAt(i));
        }
        return t;
    }

    private void fresh() {
        hi = random.nextInt() & RANDOM_HI_MASK;
        lo = random.nextLong();
    }

    static String encode(long millis, long hi16, long lo64) {
        char[] out = new char[26];
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET.charAt((int) (millis & 31));
            millis >>>= 5;
        }
        // 80 random bits = 16 (hi) + 64 (lo): 16 characters of 5 bits, from the least significant end
        long l = lo64;
        long h = hi16;
        for (int i = 25; i >= 10; i--) {
            out[i] = ALPHABET.charAt((int) (l & 31));
            l = (l >>> 5) | ((h & 31) << 59);
            h >>>= 5;
        }
        return new String(out);
    }
}
