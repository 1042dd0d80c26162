package dev.dx.plugin.internal.pkg;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import dev.dx.util.fs.OwnerOnly;

/** What {@code plugin:sign} does: lists a package's files, signs the listing, writes the signature and the package. */
public final class Signer {
    private static final FileTime EPOCH = FileTime.fromMillis(315_532_800_000L); // 1980-01-01, zip's epoch

    private Signer() {
    }

    /**
     * Signs a package folder or {@code .dxp}.
     *
     * @param source a package folder or a {@code .dxp}
     * @param key    the signer's key
     * @param out    the {@code .dxp} to write; {@code null}: write {@code dx-plugin.sig} into the folder, or replace
     *               the {@code .dxp}
     * @return the file or folder written
     */
    public static Path sign(Path source, Keys.KeyPair key, Path out, PackageLimits limits)
            throws IOException, PackageException {
        if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
            byte[] sig = signature(source, key, limits);
            if (out == null) {
                Files.write(source.resolve(PackageFiles.SIGNATURE), sig);
                return source;
            }
            zip(source, sig, out, limits);
            return out;
        }
        Path tmp = Files.createTempDirectory("dx-sign");
        try {
            Path files = Files.createDirectory(tmp.resolve("files"));
            SafeZip.extract(source, files, limits);
            Path target = out == null ? source : out;
            zip(files, signature(files, key, limits), target, limits);
            return target;
        } finally {
            OwnerOnly.deleteTree(tmp);
        }
    }

    /** @return the {@code dx-plugin.sig} bytes for the files of {@code folder} */
    public static byte[] signature(Path folder, Keys.KeyPair key, PackageLimits limits)
            throws IOException, PackageException {
        if (!Files.isRegularFile(folder.resolve(PackageFiles.MANIFEST))) {
            throw new PackageException(PackageFiles.MANIFEST + " is missing: a package needs its manifest");
        }
        Map<String, String> listing = PackageFiles.list(folder, limits);
        String keyId = key.publicKey().id();
        return SignatureFile.render(keyId, listing, Keys.sign(key.privateKey(), SignatureFile.signed(keyId, listing)));
    }

    /** Writes a {@code .dxp}: the folder's files (an old signature left out) plus {@code sig}, sorted, fixed dates. */
    public static void zip(Path folder, byte[] sig, Path out, PackageLimits limits)
            throws IOException, PackageException {
        Map<String, byte[]> entries = new TreeMap<>();
        for (Map.Entry<String, Path> f : PackageFiles.files(folder, limits).entrySet()) {
            if (!f.getKey().equals(PackageFiles.SIGNATURE)) {
                entries.put(f.getKey(), Files.readAllBytes(f.getValue()));
            }
        }
        if (sig != null) {
            entries.put(PackageFiles.SIGNATURE, sig);
        }
        Path parent = out.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(parent, "." + out.getFileName(), ".tmp");
        try (OutputStream os = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(os)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry z = new ZipEntry(e.getKey());
                z.setTime(EPOCH.toMillis());
                zip.putNextEntry(z);
                zip.write(e.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        OwnerOnly.move(tmp, out);
    }
}
