package dev.dx.memory.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import dev.dx.api.memory.Embedder;
import dev.dx.api.memory.MemoryStatus;
import dev.dx.memory.internal.index.VectorSpace;
import dev.dx.memory.internal.work.Indexer;

/** Builds {@link MemoryStatus}: counts, embedder, progress, and problems phrased as what to do. */
final class StatusReport {
    private StatusReport() {
    }

    static MemoryStatus of(MemoryRuntime r) {
        Indexer indexer = r.indexer();
        Embedder e = indexer.embedder();
        VectorSpace space = indexer.space();
        List<String> problems = new ArrayList<>();
        try {
            long chunks = r.index().chunks();
            long embedded = space == null ? 0 : r.index().embedded(space);
            long queued = e == null ? 0 : chunks - embedded;
            boolean ready = space != null && space.id().equals(r.index().readySpace());
            boolean rebuilding = indexer.rebuilding();
            boolean reindexing = rebuilding || (space != null && !ready && queued > 0);
            double progress;
            if (rebuilding) {
                long[] p = indexer.rebuildProgress();
                progress = p[1] == 0 ? 0 : Math.min(1, (double) p[0] / p[1]);
            } else {
                progress = chunks == 0 || e == null ? 1 : (double) embedded / chunks;
            }
            if (e == null) {
                problems.add("The embedder '" + r.config().embedder() + "' is not available, so search uses text only. "
                        + "Set embedder = local-minilm in etc/dev.dx.memory.cfg, or add a dev.dx.embedder configuration "
                        + "with that id.");
            }
            String err = indexer.embedError();
            if (err != null) {
                problems.add("Embeddings are paused: " + err + ". They are retried automatically.");
            }
            String state = !problems.isEmpty() ? "degraded" : queued > 0 || rebuilding ? "indexing" : "ok";
            return new MemoryStatus(state, r.db().count(), indexer.fileCount(), chunks, embedded, queued,
                    indexer.indexedTotal(), r.config().embedder(), e != null, e == null ? 0 : e.dimension(),
                    ready && queued == 0, reindexing, Math.round(progress * 1000) / 1000d, r.index().sizeOnDisk(),
                    r.watcher().unavailable() == null ? "notifications" : "polling", problems);
        } catch (IOException ex) {
            throw new UncheckedIOException("Cannot read the memory status: " + ex.getMessage(), ex);
        }
    }
}
