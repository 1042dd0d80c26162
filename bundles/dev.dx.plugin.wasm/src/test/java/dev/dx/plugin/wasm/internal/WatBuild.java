package dev.dx.plugin.wasm.internal;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Build step, not a test: assembles {@code src/test/wat/*.wat} into {@code .wasm} files with Chicory's wabt
 * (wat2wasm on the JVM). Run by exec-maven-plugin on its own class path, hence the reflection: this module's test
 * class path carries a newer Chicory than the one wabt was built with.
 */
public final class WatBuild {
    private WatBuild() {
    }

    public static void main(String[] args) throws Exception {
        Path src = Path.of(args[0]);
        Path out = Files.createDirectories(Path.of(args[1]));
        Method parse = Class.forName("com.dylibso.chicory.wabt.Wat2Wasm").getMethod("parse", File.class);
        try (Stream<Path> files = Files.list(src)) {
            for (Path wat : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".wat")).sorted()::iterator) {
                String name = wat.getFileName().toString().replaceAll("\\.wat$", ".wasm");
                Path target = out.resolve(name);
                if (Files.exists(target) && Files.getLastModifiedTime(target).compareTo(Files.getLastModifiedTime(wat)) > 0) {
                    continue;
                }
                byte[] wasm;
                try {
                    wasm = (byte[]) parse.invoke(null, wat.toFile());
                } catch (java.lang.reflect.InvocationTargetException e) {
                    throw new IOException("wat2wasm failed on " + wat + ": " + e.getCause(), e.getCause());
                }
                Files.write(target, wasm);
                System.out.println("[wat2wasm] " + wat.getFileName() + " -> " + target + " (" + wasm.length + " bytes)");
            }
        }
    }
}
