package dev.dx.memory.internal.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.dx.api.memory.MemoryStatus;

class StatusCommandTest {
    private static MemoryStatus status(long chunks, long embedded, long queued, boolean reindexing, double progress) {
        return new MemoryStatus("ready", 10, 2, chunks, embedded, queued, chunks, "local-minilm", true, 384,
                queued == 0, reindexing, progress, 1024, "notifications", List.of());
    }

    @Test
    void embeddingShowsPassagesAndARebuildShowsWhatItReads() {
        assertEquals("Indexing [" + "#".repeat(15) + "-".repeat(15) + "]  50% (40 of 80 passages embedded)",
                StatusCommand.bar(status(80, 40, 40, false, 0.5)));
        assertEquals("Reindexing [" + "#".repeat(8) + "-".repeat(22) + "]  25% (reading the stored documents and memory files)",
                StatusCommand.bar(status(0, 0, 0, true, 0.25)));
    }
}
