package dev.dx.plugin.internal.pkg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dx.util.fs.OwnerOnly;

/** Unpacking refuses everything that could escape the private folder or exhaust the machine. */
class SafeZipTest {
    @TempDir
    Path dir;

    private Path dest() throws Exception {
        return OwnerOnly.directory(Files.createTempDirectory(dir, "out"));
    }

    private String refused(RawZip zip) throws Exception {
        return refused(zip, PackageLimits.DEFAULT);
    }

    private String refused(RawZip zip, PackageLimits limits) throws Exception {
        Path f = Files.createTempFile(dir, "p", ".dxp");
        Files.write(f, zip.bytes());
        Path out = dest();
        PackageException e = assertThrows(PackageException.class, () -> SafeZip.extract(f, out, limits));
        try (var files = Files.walk(dir.getParent() == null ? dir : dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().equals("evil")), "nothing escaped");
        }
        return e.getMessage();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void unpacksStoredAndDeflatedEntriesOwnerOnly() throws Exception {
        byte[] big = new byte[200_000];
        Path f = dir.resolve("ok.dxp");
        Files.write(f, new RawZip().add("dx-plugin.json", b("{}")).add("lib/", new byte[0], false, 040755, -1)
                .add("lib/plugin.wasm", big, true, 0100644, -1).bytes());
        Path out = dest();
        SafeZip.extract(f, out, PackageLimits.DEFAULT);
        assertArrayEquals(b("{}"), Files.readAllBytes(out.resolve("dx-plugin.json")));
        assertArrayEquals(big, Files.readAllBytes(out.resolve("lib/plugin.wasm")));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("lib/plugin.wasm"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("lib"))));
    }

    @Test
    void refusesNamesThatEscapeOrConfuse() throws Exception {
        assertTrue(refused(new RawZip().add("../evil", b("x"))).contains("outside the package"));
        assertTrue(refused(new RawZip().add("a/../../evil", b("x"))).contains("outside the package"));
        assertTrue(refused(new RawZip().add("/tmp/evil", b("x"))).contains("absolute path"));
        assertTrue(refused(new RawZip().add("C:/evil", b("x"))).contains("absolute path"));
        assertTrue(refused(new RawZip().add("a\\..\\evil", b("x"))).contains("backslash"));
        assertTrue(refused(new RawZip().add("evil\0.txt", b("x"))).contains("NUL"));
        assertTrue(refused(new RawZip().add(".hidden", b("x"))).contains("unsupported name"));
        assertTrue(refused(new RawZip().add("a//b", b("x"))).contains("unsupported name"));
    }

    @Test
    void refusesLinksDuplicatesAndFileFolderClashes() throws Exception {
        assertTrue(refused(new RawZip().add("evil", b("/etc/passwd"), false, 0120777, -1)).contains("symbolic link"));
        assertTrue(refused(new RawZip().add("a.txt", b("1")).add("a.txt", b("2"))).contains("appears twice"));
        assertTrue(refused(new RawZip().add("A.txt", b("1")).add("a.txt", b("2"))).contains("appears twice"));
        assertTrue(refused(new RawZip().add("a", b("1")).add("a/b", b("2"))).contains("both a file and a folder"));
    }

    @Test
    void refusesBombsAndLies() throws Exception {
        byte[] zeros = new byte[8 << 20];
        PackageLimits small = new PackageLimits(10, 1 << 20);
        assertTrue(refused(new RawZip().add("bomb", zeros, true, 0100644, -1), small).contains("unpacks to"));
        // an entry claiming to be small that inflates to much more is cut at its claim
        assertTrue(refused(new RawZip().add("liar", zeros, true, 0100644, 100), small).contains("more than the 100 bytes"));
        RawZip many = new RawZip();
        for (int i = 0; i < 11; i++) {
            many.add("f" + i, b("x"));
        }
        assertTrue(refused(many, small).contains("11 entries; at most 10"));
    }

    @Test
    void refusesWhatIsNotAPlainZip() throws Exception {
        Path f = dir.resolve("junk.dxp");
        Files.write(f, b("this is not a zip file at all, just text"));
        Consumer<String> check = msg -> assertTrue(msg.contains("zip"), msg);
        check.accept(assertThrows(PackageException.class, () -> SafeZip.extract(f, dest(), PackageLimits.DEFAULT))
                .getMessage());
        byte[] ok = new RawZip().add("a.txt", b("hello")).bytes();
        byte[] trailing = new byte[ok.length + 3];
        System.arraycopy(ok, 0, trailing, 0, ok.length);
        Files.write(f, trailing);
        assertFalse(assertThrows(PackageException.class, () -> SafeZip.extract(f, dest(), PackageLimits.DEFAULT))
                .getMessage().isEmpty());
        byte[] flipped = ok.clone();
        flipped[36] ^= 1; // a byte of the entry's data: the CRC no longer matches
        Files.write(f, flipped);
        assertTrue(assertThrows(PackageException.class, () -> SafeZip.extract(f, dest(), PackageLimits.DEFAULT))
                .getMessage().contains("CRC"));
    }
}
