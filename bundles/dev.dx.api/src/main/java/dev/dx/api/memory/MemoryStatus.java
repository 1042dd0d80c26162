package dev.dx.api.memory;

import java.util.List;

/**
 * The state of the memory: what is indexed, what is waiting, which embedder produces the vectors.
 *
 * @param state          {@code "ok"}, {@code "indexing"} (work is queued) or {@code "degraded"} (see problems)
 * @param documents      documents stored through {@link MemoryStore#store}
 * @param files          workspace memory files indexed
 * @param chunks         passages in the index
 * @param embedded       passages with an embedding from the current embedder
 * @param queued         passages waiting for their embedding
 * @param indexedTotal   passages embedded since the memory started
 * @param embedder       the configured embedder id
 * @param embedderReady  whether that embedder is available
 * @param dimension      its vector dimension, or 0 if it is not available
 * @param vectorsReady   whether every passage has an embedding from the current embedder
 * @param reindexing     whether a rebuild started by {@link MemoryStore#reindex} or an embedder change is running
 * @param progress       progress of the current rebuild or embedding backlog, 0..1 (1 when nothing is queued)
 * @param indexBytes     size of the index on disk
 * @param fileWatching   how memory files are followed: {@code "notifications"}, or {@code "polling"} when the
 *                       system offers no file notifications (changes then take up to two seconds)
 * @param problems       what is wrong and what to do, or empty
 * @since 0.1
 */
public record MemoryStatus(String state, long documents, long files, long chunks, long embedded, long queued,
        long indexedTotal, String embedder, boolean embedderReady, int dimension, boolean vectorsReady,
        boolean reindexing, double progress, long indexBytes, String fileWatching, List<String> problems) {
    /** Copies the problems. */
    public MemoryStatus {
        problems = problems == null ? List.of() : List.copyOf(problems);
    }
}
