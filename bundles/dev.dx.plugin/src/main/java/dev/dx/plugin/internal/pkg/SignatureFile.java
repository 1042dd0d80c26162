package dev.dx.plugin.internal.pkg;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code dx-plugin.sig}: a detached Ed25519 signature over a canonical listing of the package. Text, one item per
 * line, {@code \n} line ends:
 *
 * <pre>
 * dx-plugin-signature 1
 * key 3f2a9c0d1b4e5f60
 * file 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 dx-plugin.json
 * file 60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752 plugin.wasm
 * signature &lt;base64 of 64 bytes&gt;
 * </pre>
 *
 * Every file of the package except {@code dx-plugin.sig} is listed exactly once, sorted by path, with the SHA-256 of
 * its bytes. The signed message is the file's bytes up to and including the newline before {@code signature}: the
 * format version, the signer's key id and the listing, so neither the key id nor any file can be swapped without
 * breaking the signature. A verifier re-renders that part from what it parsed and requires it to be identical.
 */
public final class SignatureFile {
    static final String HEADER = "dx-plugin-signature 1";
    static final int MAX_BYTES = 1 << 20;
    private static final Pattern KEY = Pattern.compile("key ([0-9a-f]{16})");
    private static final Pattern FILE = Pattern.compile("file ([0-9a-f]{64}) (\\S+)");
    private static final Pattern SIGNATURE = Pattern.compile("signature ([A-Za-z0-9+/]{86}==)");

    /**
     * A parsed signature file.
     *
     * @param keyId     the signer's key id
     * @param files     path → SHA-256, as signed
     * @param signature the 64-byte signature
     */
    public record Parsed(String keyId, Map<String, String> files, byte[] signature) {
        /** @return the bytes the signature covers */
        public byte[] signedBytes() {
            return signed(keyId, files);
        }
    }

    private SignatureFile() {
    }

    /** @return the bytes a signer signs for this key and listing */
    public static byte[] signed(String keyId, Map<String, String> files) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n').append("key ").append(keyId).append('\n');
        new TreeMap<>(files).forEach((path, hash) -> sb.append("file ").append(hash).append(' ').append(path).append('\n'));
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** @return the complete file: the signed part and the signature line */
    public static byte[] render(String keyId, Map<String, String> files, byte[] signature) {
        String head = new String(signed(keyId, files), StandardCharsets.UTF_8);
        return (head + "signature " + Base64.getEncoder().encodeToString(signature) + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Parses strictly: anything but the canonical form is refused. */
    public static Parsed parse(byte[] bytes) throws PackageException {
        if (bytes.length > MAX_BYTES) {
            throw new PackageException(PackageFiles.SIGNATURE + " is larger than " + MAX_BYTES + " bytes");
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        String[] lines = text.split("\n", -1);
        if (lines.length < 4 || !lines[lines.length - 1].isEmpty() || !lines[0].equals(HEADER)) {
            throw malformed("it must start with '" + HEADER + "' and end with a newline");
        }
        Matcher key = KEY.matcher(lines[1]);
        if (!key.matches()) {
            throw malformed("line 2 must be 'key <16 hex digits>'");
        }
        Map<String, String> files = new TreeMap<>();
        int i = 2;
        for (; i < lines.length - 2; i++) {
            Matcher f = FILE.matcher(lines[i]);
            if (!f.matches()) {
                throw malformed("line " + (i + 1) + " must be 'file <sha256> <path>'");
            }
            if (files.put(f.group(2), f.group(1)) != null) {
                throw malformed("'" + f.group(2) + "' is listed twice");
            }
        }
        Matcher sig = SIGNATURE.matcher(lines[i]);
        if (!sig.matches()) {
            throw malformed("the last line must be 'signature <base64 of 64 bytes>'");
        }
        Parsed parsed = new Parsed(key.group(1), files, Base64.getDecoder().decode(sig.group(1)));
        // re-rendered, not echoed: another listing order or a second base64 spelling of the signature is refused
        String canonical = new String(render(parsed.keyId(), files, parsed.signature()), StandardCharsets.UTF_8);
        if (!canonical.equals(text)) {
            throw malformed("it is not in canonical form (files sorted by path, one spelling of the signature)");
        }
        if (parsed.signature().length != 64) {
            throw malformed("the signature is not 64 bytes");
        }
        return parsed;
    }

    private static PackageException malformed(String why) {
        return new PackageException(PackageFiles.SIGNATURE + " is malformed: " + why + ". Sign the package again with "
                + "plugin:sign");
    }
}
