package dev.dx.plugin.internal.pkg;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dx.api.plugin.PluginManifest;
import dev.dx.util.fs.OwnerOnly;

/**
 * Turns a package (a {@code .dxp} file or an unpacked folder) into a verified private copy:
 * {@code <plugins>/<id>/<version>-<digest>/}, owner-only. The source is read exactly once, into a private staging
 * folder; everything after that — unpacking, signature, manifest — works on the private copy, and the runtime loads
 * that same copy. Replacing or editing the source afterwards changes nothing that was verified.
 */
public final class Installer {
    private static final Logger LOG = LoggerFactory.getLogger(Installer.class);
    private static final String STAGING = ".staging";

    private final Path pluginsDir;
    private final Path trustDir;
    private final PackageLimits limits;

    /** A verified package in its private folder. */
    public record Installed(PluginManifest manifest, Path folder, Verifier.Verified verified) {
        /** @return the content digest, as in the folder name */
        public String digest() {
            return verified.digest();
        }
    }

    /**
     * @param pluginsDir where private copies live, e.g. {@code ${karaf.data}/dx/plugins}
     * @param trustDir   the trusted keys folder, e.g. {@code etc/dx-trusted-keys}
     */
    public Installer(Path pluginsDir, Path trustDir, PackageLimits limits) {
        this.pluginsDir = pluginsDir;
        this.trustDir = trustDir;
        this.limits = limits;
    }

    /** Removes staging folders a crash may have left behind. */
    public void cleanStaging() throws IOException {
        OwnerOnly.deleteTree(pluginsDir.resolve(STAGING));
    }

    /**
     * Copies, unpacks and verifies a package, and moves it into its private folder.
     *
     * @param source a {@code .dxp} file or a package folder
     * @return the verified package
     * @throws PackageException naming what is wrong (unsigned, tampered, unknown key, unsafe zip, bad manifest)
     */
    public Installed install(Path source) throws IOException, PackageException {
        return install(source, folder -> false);
    }

    /**
     * As {@link #install(Path)}; when the private folder for this exact content exists and a running plugin uses it
     * ({@code inUse}), that folder is kept and the fresh copy discarded: the content is the same, byte for byte.
     */
    public Installed install(Path source, Predicate<Path> inUse) throws IOException, PackageException {
        OwnerOnly.directory(pluginsDir);
        Path staging = OwnerOnly.directory(pluginsDir.resolve(STAGING).resolve(UUID.randomUUID().toString()));
        try {
            Installed staged = stage(source, staging);
            PluginManifest manifest = staged.manifest();
            Path target = OwnerOnly.directory(pluginsDir.resolve(manifest.id()))
                    .resolve(manifest.version() + "-" + staged.digest().substring(0, 16));
            if (Files.exists(target) && inUse.test(target)) {
                return new Installed(manifest, target, staged.verified());
            }
            if (Files.exists(target)) {
                OwnerOnly.deleteTree(target);
            }
            OwnerOnly.move(staged.folder(), target);
            return new Installed(manifest, target, staged.verified());
        } finally {
            OwnerOnly.deleteTree(staging);
        }
    }

    /**
     * Does everything {@link #install} does except keeping the result: for {@code plugin:verify} and for checking an
     * upload before it goes into the deploy folder.
     *
     * @return the verified manifest and signer; its folder no longer exists
     */
    public Installed check(Path source) throws IOException, PackageException {
        OwnerOnly.directory(pluginsDir);
        Path staging = OwnerOnly.directory(pluginsDir.resolve(STAGING).resolve(UUID.randomUUID().toString()));
        try {
            return stage(source, staging);
        } finally {
            OwnerOnly.deleteTree(staging);
        }
    }

    private Installed stage(Path source, Path staging) throws IOException, PackageException {
        Path files = OwnerOnly.directory(staging.resolve("files"));
        if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
            PackageFiles.copy(source, files, limits);
        } else {
            Path copy = staging.resolve("package.dxp");
            copyOnce(source, copy);
            SafeZip.extract(copy, files, limits);
            Files.delete(copy);
        }
        Verifier.Verified verified = Verifier.verify(files, TrustedKeys.load(trustDir), limits);
        Path manifestFile = files.resolve(PackageFiles.MANIFEST);
        if (!Files.isRegularFile(manifestFile, LinkOption.NOFOLLOW_LINKS)) {
            throw new PackageException(PackageFiles.MANIFEST + " is missing from the package");
        }
        PluginManifest manifest = ManifestParser.parse(Files.readAllBytes(manifestFile));
        if (!Files.isRegularFile(files.resolve(manifest.entry()), LinkOption.NOFOLLOW_LINKS)) {
            throw new PackageException("the entry file '" + manifest.entry() + "' named in " + PackageFiles.MANIFEST
                    + " is not in the package");
        }
        return new Installed(manifest, files, verified);
    }

    /**
     * Deletes the private copies of a plugin that are not in {@code keep}, and the plugin's folder once it is empty.
     */
    public void prune(String id, Collection<Path> keep) {
        Path dir = pluginsDir.resolve(id);
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> versions = Files.list(dir)) {
            for (Path v : (Iterable<Path>) versions::iterator) {
                if (!keep.contains(v)) {
                    OwnerOnly.deleteTree(v);
                }
            }
            if (keep.isEmpty()) {
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            LOG.warn("Cannot tidy up {}: {}", dir, e.toString());
        }
    }

    /** Deletes the private folders of plugins that are not installed (left by a crash or a removal while down). */
    public void pruneAll(Set<String> installed) {
        if (!Files.isDirectory(pluginsDir)) {
            return;
        }
        try (Stream<Path> ids = Files.list(pluginsDir)) {
            for (Path p : (Iterable<Path>) ids::iterator) {
                String name = p.getFileName().toString();
                if (Files.isDirectory(p) && ManifestParser.ID.matcher(name).matches() && !installed.contains(name)) {
                    OwnerOnly.deleteTree(p);
                }
            }
        } catch (IOException e) {
            LOG.warn("Cannot tidy up {}: {}", pluginsDir, e.toString());
        }
    }


    private void copyOnce(Path source, Path copy) throws IOException, PackageException {
        if (!Files.isRegularFile(source)) {
            throw new PackageException(source.getFileName() + " is neither a .dxp file nor a package folder");
        }
        long cap = limits.maxBytes() + (1 << 20);
        try (InputStream in = Files.newInputStream(source); OutputStream out = OwnerOnly.newFile(copy)) {
            byte[] buf = new byte[64 * 1024];
            long total = 0;
            for (int n; (n = in.read(buf)) > 0; ) {
                total += n;
                if (total > cap) {
                    throw new PackageException("the package file is larger than " + cap + " bytes");
                }
                out.write(buf, 0, n);
            }
        }
    }
}
