package dev.dx.config.internal.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CfgBatchTest {
    @TempDir
    Path dir;

    private Map<Path, String> threeFiles() throws IOException {
        Files.writeString(dir.resolve("dev.dx.a.cfg"), "a = 1\n");
        Files.writeString(dir.resolve("dev.dx.b.cfg"), "b = 1\n");
        Map<Path, String> texts = new LinkedHashMap<>();
        texts.put(dir.resolve("dev.dx.a.cfg"), "a = 2\n");
        texts.put(dir.resolve("dev.dx.b.cfg"), "b = 2\n");
        texts.put(dir.resolve("dev.dx.c.cfg"), "c = 2\n"); // new
        return texts;
    }

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void allFilesTakeTheirNewText() throws IOException {
        CfgBatch.replaceAll(threeFiles(), CfgBatch.ATOMIC);
        assertEquals("a = 2\n", Files.readString(dir.resolve("dev.dx.a.cfg")));
        assertEquals("b = 2\n", Files.readString(dir.resolve("dev.dx.b.cfg")));
        assertEquals("c = 2\n", Files.readString(dir.resolve("dev.dx.c.cfg")));
        assertEquals(List.of("dev.dx.a.cfg", "dev.dx.b.cfg", "dev.dx.c.cfg"), names(), "no temporary file left");
    }

    @Test
    void aFailurePartwayPutsBackTheFilesAlreadyReplaced() throws IOException {
        for (int failAt = 1; failAt <= 3; failAt++) {
            Map<Path, String> texts = threeFiles();
            Files.deleteIfExists(dir.resolve("dev.dx.c.cfg"));
            AtomicInteger moves = new AtomicInteger();
            int n = failAt;
            IOException e = assertThrows(IOException.class, () -> CfgBatch.replaceAll(texts, (from, to) -> {
                if (moves.incrementAndGet() == n) {
                    throw new IOException("disk full");
                }
                CfgBatch.ATOMIC.move(from, to);
            }));
            assertEquals("disk full", e.getMessage());
            assertEquals("a = 1\n", Files.readString(dir.resolve("dev.dx.a.cfg")), "failing at move " + n);
            assertEquals("b = 1\n", Files.readString(dir.resolve("dev.dx.b.cfg")), "failing at move " + n);
            assertFalse(Files.exists(dir.resolve("dev.dx.c.cfg")), "a file that did not exist is removed again");
            assertEquals(List.of("dev.dx.a.cfg", "dev.dx.b.cfg"), names(), "no temporary file left");
        }
    }
}
