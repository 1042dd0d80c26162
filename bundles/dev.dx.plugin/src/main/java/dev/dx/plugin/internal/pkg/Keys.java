package dev.dx.plugin.internal.pkg;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

import dev.dx.util.fs.OwnerOnly;

/**
 * Ed25519 keys for plugin signatures (Bouncy Castle). Files hold one line each:
 * <ul>
 * <li>public key ({@code name.pub}, goes into {@code etc/dx-trusted-keys/}): {@code ed25519 <base64 of the 32-byte
 * key> <comment>}</li>
 * <li>private key ({@code name.key}, owner-only): {@code ed25519-private <base64 of the 32-byte seed> <comment>}</li>
 * </ul>
 * A key's id is the first 16 hex digits of the SHA-256 of its 32 raw bytes.
 */
public final class Keys {
    static final String PUBLIC = "ed25519";
    static final String PRIVATE = "ed25519-private";

    /** A public key with its id and comment. */
    public record PublicKey(byte[] raw, String id, String comment) {
        /** @return the {@code .pub} line */
        public String line() {
            return PUBLIC + " " + Base64.getEncoder().encodeToString(raw) + (comment.isEmpty() ? "" : " " + comment);
        }
    }

    /** A private key and its public half. */
    public record KeyPair(Ed25519PrivateKeyParameters privateKey, PublicKey publicKey) {
    }

    private Keys() {
    }

    /** @return a new key pair from {@link SecureRandom} */
    public static KeyPair generate(String comment) {
        Ed25519PrivateKeyParameters priv = new Ed25519PrivateKeyParameters(new SecureRandom());
        return new KeyPair(priv, publicKey(priv.generatePublicKey().getEncoded(), comment));
    }

    /** Writes {@code <base>.key} (owner-only, must not exist yet) and {@code <base>.pub}. */
    public static void write(KeyPair pair, Path keyFile, Path pubFile) throws IOException {
        String line = PRIVATE + " " + Base64.getEncoder().encodeToString(pair.privateKey().getEncoded()) + " "
                + pair.publicKey().comment() + "\n";
        try (var out = OwnerOnly.newFile(keyFile)) {
            out.write(line.getBytes(StandardCharsets.UTF_8));
        }
        Files.writeString(pubFile, pair.publicKey().line() + "\n", StandardCharsets.UTF_8);
    }

    /** Reads a private key file. */
    public static KeyPair readPrivate(Path file) throws IOException, PackageException {
        String[] f = fields(Files.readString(file, StandardCharsets.UTF_8), file);
        if (!f[0].equals(PRIVATE)) {
            throw new PackageException(file.getFileName() + " is not a private key (it must start with '" + PRIVATE
                    + "'; is it the .pub file?)");
        }
        byte[] seed = decode(f[1], file);
        Ed25519PrivateKeyParameters priv = new Ed25519PrivateKeyParameters(seed, 0);
        return new KeyPair(priv, publicKey(priv.generatePublicKey().getEncoded(), f[2]));
    }

    /** Parses one public key line. */
    public static PublicKey parsePublic(String line, Path file) throws PackageException {
        String[] f = fields(line, file);
        if (!f[0].equals(PUBLIC)) {
            throw new PackageException(file.getFileName() + ": a public key line must start with '" + PUBLIC + "'");
        }
        return publicKey(decode(f[1], file), f[2]);
    }

    /** @return the 64-byte Ed25519 signature of {@code message} */
    public static byte[] sign(Ed25519PrivateKeyParameters key, byte[] message) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, key);
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    /** @return whether {@code signature} is {@code key}'s signature of {@code message} */
    public static boolean verify(PublicKey key, byte[] message, byte[] signature) {
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, new Ed25519PublicKeyParameters(key.raw(), 0));
        verifier.update(message, 0, message.length);
        return verifier.verifySignature(signature);
    }

    /** @return the id of a raw public key */
    public static String id(byte[] raw) {
        return HexFormat.of().formatHex(PackageFiles.sha256().digest(raw)).substring(0, 16);
    }

    private static PublicKey publicKey(byte[] raw, String comment) {
        return new PublicKey(raw.clone(), id(raw), comment == null ? "" : comment.strip());
    }

    private static String[] fields(String text, Path file) throws PackageException {
        String line = text.strip();
        String[] parts = line.split("\\s+", 3);
        if (parts.length < 2 || line.contains("\n")) {
            throw new PackageException(file.getFileName() + " must hold one line: '<type> <base64 key> <comment>'");
        }
        return new String[] {parts[0], parts[1], parts.length > 2 ? parts[2] : ""};
    }

    private static byte[] decode(String b64, Path file) throws PackageException {
        try {
            byte[] raw = Base64.getDecoder().decode(b64);
            if (raw.length != 32) {
                throw new PackageException(file.getFileName() + ": an Ed25519 key is 32 bytes, this one " + raw.length);
            }
            return raw;
        } catch (IllegalArgumentException e) {
            throw new PackageException(file.getFileName() + ": the key is not valid base64");
        }
    }
}
