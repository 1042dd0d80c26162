package dev.dx.plugin.internal.pkg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unpacked folder packages: plain files of their own only. */
class PackageFilesTest {
    @TempDir
    Path tmp;

    private Path folder() throws Exception {
        Path pkg = Files.createDirectories(tmp.resolve("pkg"));
        Files.writeString(pkg.resolve("dx-plugin.json"), "{}");
        Files.writeString(Files.createDirectories(pkg.resolve("lib")).resolve("plugin.wasm"), "bytes");
        return pkg;
    }

    @Test
    void plainFilesAreListed() throws Exception {
        assertEquals(2, PackageFiles.files(folder(), PackageLimits.DEFAULT).size());
    }

    @Test
    void aHardLinkToAFileOutsideIsRefused() throws Exception {
        Path pkg = folder();
        Path secret = Files.writeString(tmp.resolve("id_ed25519"), "private key");
        Files.createLink(pkg.resolve("lib").resolve("data.txt"), secret);
        PackageException e = assertThrows(PackageException.class,
                () -> PackageFiles.files(pkg, PackageLimits.DEFAULT));
        assertTrue(e.getMessage().contains("lib/data.txt") && e.getMessage().contains("hard links"), e.getMessage());
    }

    @Test
    void aSymbolicLinkIsRefused() throws Exception {
        Path pkg = folder();
        Files.createSymbolicLink(pkg.resolve("passwd"), Path.of("/etc/passwd"));
        PackageException e = assertThrows(PackageException.class,
                () -> PackageFiles.files(pkg, PackageLimits.DEFAULT));
        assertTrue(e.getMessage().contains("link"), e.getMessage());
    }
}
