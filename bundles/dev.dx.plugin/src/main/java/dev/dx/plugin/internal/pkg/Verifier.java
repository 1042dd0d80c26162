package dev.dx.plugin.internal.pkg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;

/** Checks a package folder against its signature and the trusted keys, naming exactly what failed. */
public final class Verifier {

    /**
     * A package that passed.
     *
     * @param keyId      the signer's key id
     * @param keyComment the comment of the trusted key file
     * @param digest     hex SHA-256 of the signed listing: identifies the exact content of the package
     */
    public record Verified(String keyId, String keyComment, String digest) {
    }

    private Verifier() {
    }

    /**
     * @param folder an unpacked package (the private copy, when installing)
     * @throws PackageException unsigned, malformed, unknown key, bad signature, or a file added, removed or changed
     */
    public static Verified verify(Path folder, TrustedKeys trust, PackageLimits limits)
            throws IOException, PackageException {
        Path sigFile = folder.resolve(PackageFiles.SIGNATURE);
        if (!Files.isRegularFile(sigFile, LinkOption.NOFOLLOW_LINKS)) {
            throw new PackageException("the package is not signed: " + PackageFiles.SIGNATURE + " is missing. Sign it "
                    + "with plugin:sign <key> <package>");
        }
        SignatureFile.Parsed sig = SignatureFile.parse(Files.readAllBytes(sigFile));
        Keys.PublicKey key = trust.keys().get(sig.keyId());
        if (key == null) {
            throw new PackageException("the package is signed by key " + sig.keyId() + ", which is not trusted: put "
                    + "its .pub file into etc/dx-trusted-keys/ if you trust its owner");
        }
        byte[] signed = sig.signedBytes();
        if (!Keys.verify(key, signed, sig.signature())) {
            throw new PackageException("the signature does not verify with trusted key " + key.id()
                    + describe(key) + ": " + PackageFiles.SIGNATURE + " was altered, or it was made by someone else "
                    + "claiming that key");
        }
        Map<String, String> actual = PackageFiles.list(folder, limits);
        for (Map.Entry<String, String> f : sig.files().entrySet()) {
            String hash = actual.get(f.getKey());
            if (hash == null) {
                throw new PackageException(f.getKey() + " is signed but missing from the package");
            }
            if (!hash.equals(f.getValue())) {
                throw new PackageException(f.getKey() + " was changed after signing (its SHA-256 does not match the "
                        + "signature)");
            }
        }
        for (String name : actual.keySet()) {
            if (!sig.files().containsKey(name)) {
                throw new PackageException(name + " is not covered by the signature: it was added after signing");
            }
        }
        return new Verified(key.id(), key.comment(), HexFormat.of().formatHex(PackageFiles.sha256().digest(signed)));
    }

    private static String describe(Keys.PublicKey key) {
        return key.comment().isEmpty() ? "" : " (" + key.comment() + ")";
    }
}
