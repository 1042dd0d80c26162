package dev.dx.itests.support;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Plugin folders and packages for the integration tests: written by hand, zipped without signing. */
public final class PluginFiles {
    private PluginFiles() {
    }

    /** A plugin folder: the manifest and the module. */
    public static Path folder(Path dir, String id, String version, String rest, byte[] wasm) throws IOException {
        Path f = Files.createDirectories(dir.resolve(id + "-" + version + "-" + System.nanoTime()));
        Files.writeString(f.resolve("dx-plugin.json"), "{\"id\":\"" + id + "\",\"version\":\"" + version
                + "\",\"type\":\"wasm\",\"entry\":\"plugin.wasm\"" + rest + "}", StandardCharsets.UTF_8);
        Files.write(f.resolve("plugin.wasm"), wasm);
        return f;
    }

    /** Zips a folder as it is (signature or not), the way a careless or malicious packager would. */
    public static Path zip(Path folder, Path out) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(folder)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        try (OutputStream os = Files.newOutputStream(out); ZipOutputStream zip = new ZipOutputStream(os)) {
            for (Path p : files) {
                zip.putNextEntry(new ZipEntry(folder.relativize(p).toString().replace('\\', '/')));
                zip.write(Files.readAllBytes(p));
                zip.closeEntry();
            }
        }
        return out;
    }

    /** The echo module answering "echo ver=n". */
    public static byte[] echo(Path wasmDir, int n) throws IOException {
        String s = new String(Files.readAllBytes(wasmDir.resolve("echo.wasm")), StandardCharsets.ISO_8859_1);
        return s.replace("echo ver=1", "echo ver=" + n).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Flips one bit of one byte of a file. */
    public static void flip(Path file, int index) throws IOException {
        byte[] b = Files.readAllBytes(file);
        b[index] ^= 0x01;
        Files.write(file, b);
    }

    /** Moves a package into the deploy folder in one step, as a careful user would (no half-written file). */
    public static Path drop(Path dxp, Path deploy, String name) throws IOException {
        Files.createDirectories(deploy);
        Path staged = dxp.resolveSibling(name + ".staged");
        Files.copy(dxp, staged, StandardCopyOption.REPLACE_EXISTING);
        return Files.move(staged, deploy.resolve(name), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }
}
