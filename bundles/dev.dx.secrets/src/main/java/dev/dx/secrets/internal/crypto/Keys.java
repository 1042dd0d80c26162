package dev.dx.secrets.internal.crypto;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * The two keys of an open store, derived from the master password: Argon2id gives 32 bytes, HKDF-Expand
 * (HMAC-SHA256) splits them into an AES-256-GCM key for entries and an HMAC-SHA256 key for the key check and the
 * whole-file MAC. The arrays are ours to zero: {@link #wipe()}. JCE key objects are made per operation, so the only
 * long-lived copies are these two arrays.
 */
public final class Keys {
    /** AES-GCM nonce length: 96 bits, fresh from SecureRandom for every encryption. */
    public static final int NONCE_BYTES = 12;
    /** AES-GCM tag length. */
    public static final int TAG_BYTES = 16;
    /** HMAC-SHA256 length. */
    public static final int MAC_BYTES = 32;

    private static final byte[] ENC_INFO = "dx-secrets v1 entry key".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MAC_INFO = "dx-secrets v1 mac key".getBytes(StandardCharsets.US_ASCII);

    private final byte[] enc;
    private final byte[] mac;

    private Keys(byte[] enc, byte[] mac) {
        this.enc = enc;
        this.mac = mac;
    }

    /**
     * Runs Argon2id: this is the deliberately slow part of an unlock.
     *
     * @throws IllegalStateException if the JVM heap is too small for the declared memory cost
     */
    public static Keys derive(char[] password, byte[] salt, int memoryKiB, int iterations, int parallelism) {
        if ((long) memoryKiB * 1024 > Runtime.getRuntime().maxMemory() / 2) {
            throw new IllegalStateException("Argon2 needs " + memoryKiB / 1024 + " MiB but the JVM heap is only "
                    + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB");
        }
        Argon2Parameters.Builder b = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13).withMemoryAsKB(memoryKiB)
                .withIterations(iterations).withParallelism(parallelism).withSalt(salt);
        Argon2Parameters parameters = b.build();
        b.clear();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] pw = utf8(password);
        byte[] prk = new byte[32];
        try {
            generator.generateBytes(pw, prk); // Bouncy Castle clears its memory blocks when done
            return new Keys(expand(prk, ENC_INFO), expand(prk, MAC_INFO));
        } finally {
            Arrays.fill(pw, (byte) 0);
            Arrays.fill(prk, (byte) 0);
            parameters.clear();
        }
    }

    /** HKDF-Expand (RFC 5869) for one 32-byte block; Argon2 output is already uniform, so no extract step. */
    private static byte[] expand(byte[] prk, byte[] info) {
        byte[] input = Arrays.copyOf(info, info.length + 1);
        input[info.length] = 1;
        return hmac(prk, input);
    }

    /** @return HMAC-SHA256 under the MAC key of {@code parts}, concatenated */
    public byte[] mac(byte[]... parts) {
        return hmac(mac, parts);
    }

    /** @return whether {@code expected} is the MAC of {@code parts}, compared in constant time */
    public boolean verify(byte[] expected, byte[]... parts) {
        return MessageDigest.isEqual(expected, mac(parts));
    }

    /**
     * AES-256-GCM encryption.
     *
     * @param nonce 12 fresh random bytes, never used before
     * @param aad   authenticated data (the store header and the entry name)
     * @return ciphertext followed by the 16-byte tag
     */
    public byte[] seal(byte[] nonce, byte[] aad, byte[] plaintext) {
        try {
            Cipher c = gcm(Cipher.ENCRYPT_MODE, nonce);
            c.updateAAD(aad);
            return c.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable in this JVM", e);
        }
    }

    /**
     * AES-256-GCM decryption.
     *
     * @throws AEADBadTagException if the ciphertext, tag, nonce, name or header was changed
     */
    public byte[] open(byte[] nonce, byte[] aad, byte[] sealed) throws AEADBadTagException {
        try {
            Cipher c = gcm(Cipher.DECRYPT_MODE, nonce);
            c.updateAAD(aad);
            return c.doFinal(sealed);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable in this JVM", e);
        }
    }

    /** Zeroes both keys; this object is useless afterwards. */
    public void wipe() {
        Arrays.fill(enc, (byte) 0);
        Arrays.fill(mac, (byte) 0);
    }

    private Cipher gcm(int mode, byte[] nonce) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, new SecretKeySpec(enc, "AES"), new GCMParameterSpec(TAG_BYTES * 8, nonce));
        return c;
    }

    private static byte[] hmac(byte[] key, byte[]... parts) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key, "HmacSHA256"));
            for (byte[] p : parts) {
                m.update(p);
            }
            return m.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable in this JVM", e);
        }
    }

    /** UTF-8 bytes of a password or value without going through a String; the caller zeroes the result. */
    public static byte[] utf8(char[] chars) {
        // sized for the worst case up front, so the encoder never leaves an unwiped, outgrown buffer behind
        ByteBuffer buf = ByteBuffer.allocate(chars.length * 3);
        try {
            CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            CoderResult r = encoder.encode(CharBuffer.wrap(chars), buf, true);
            if (r.isError()) {
                throw new IllegalArgumentException("The text is not valid Unicode (an unpaired surrogate)");
            }
            encoder.flush(buf);
            return Arrays.copyOf(buf.array(), buf.position());
        } finally {
            Arrays.fill(buf.array(), (byte) 0);
        }
    }
}
