package dev.dx.memory.internal.work;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dx.api.memory.Embedder;
import dev.dx.api.memory.MemoryDocument;
import dev.dx.memory.internal.files.MemoryFile;
import dev.dx.memory.internal.files.MemoryFiles;
import dev.dx.memory.internal.index.LuceneIndex;
import dev.dx.memory.internal.index.VectorSpace;
import dev.dx.memory.internal.store.DocumentDb;
import dev.dx.memory.internal.util.NamedThreads;
import dev.dx.util.fs.DirectoryWatcher;

/**
 * The memory's background work on one worker thread: a {@link Reconciler} brings the index in line with its sources
 * (at start, after a rebuild, when memory files change) and an {@link EmbeddingLoop} computes the vectors. The index
 * itself is the work queue (passages without a vector of the current space), so nothing is lost when DX stops
 * mid-way. Stores and deletes index on the caller's thread, under a per-document lock, so text search sees them at
 * once.
 */
public final class Indexer implements DirectoryWatcher.Listener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Indexer.class);

    /** Told when every passage has a vector of the current space (on the worker thread). */
    public interface Listener {
        /**
         * @param embedder the embedder id
         * @param chunks   passages in the index
         */
        void vectorsReady(String embedder, long chunks);
    }

    private final LuceneIndex index;
    private final Sources sources;
    private final ScheduledThreadPoolExecutor executor;
    private final Object[] stripes = new Object[64];
    private final Reconciler reconciler;
    private final EmbeddingLoop embeddings;
    private volatile boolean closing;

    /**
     * @param index     the index
     * @param db        stored documents
     * @param files     the memory files
     * @param sources   chunking and hashing
     * @param batchSize passages per embedding step
     */
    public Indexer(LuceneIndex index, DocumentDb db, MemoryFiles files, Sources sources, int batchSize) {
        this.index = index;
        this.sources = sources;
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new Object();
        }
        this.executor = new ScheduledThreadPoolExecutor(1, new NamedThreads("dx-memory-index", Thread.NORM_PRIORITY - 1));
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setRemoveOnCancelPolicy(true);
        this.embeddings = new EmbeddingLoop(index, executor, this::submit, batchSize, () -> closing);
        this.reconciler = new Reconciler(index, db, files, sources, this::lockFor, embeddings::space, () -> closing);
    }

    /** Starts the background work: a full reconciliation, then embeddings; commits every few seconds. */
    public void start(long commitIntervalMs) {
        if (!"existing".equals(index.openedAs())) {
            reconciler.rebuilding();
        }
        submit(() -> {
            reconciler.reconcile("start");
            embeddings.kick();
        });
        executor.scheduleWithFixedDelay(this::commitIfChanged, commitIntervalMs, commitIntervalMs,
                TimeUnit.MILLISECONDS);
    }

    private void submit(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            if (!closing) {
                throw e;
            }
        }
    }

    /** @param listener who is told when vectors are ready, or {@code null} */
    public void listener(Listener listener) {
        embeddings.listener(listener);
    }

    /** Object to lock while a document's database row and index entries change together. */
    public Object lockFor(String id) {
        return stripes[(id.hashCode() & 0x7fffffff) % stripes.length];
    }

    /**
     * Switches the embedder (or to none). A different vector space means every passage is embedded again in the
     * background; searches use text only until that is done.
     *
     * @param e the embedder, or {@code null}
     */
    public void setEmbedder(Embedder e) {
        embeddings.setEmbedder(e);
    }

    /** @return the embedder in use, or {@code null} */
    public Embedder embedder() {
        return embeddings.embedder();
    }

    /** @return the vector space of the embedder in use, or {@code null} */
    public VectorSpace space() {
        return embeddings.space();
    }

    /**
     * Indexes a stored document now (text search sees it on return) and queues its embeddings. Call it holding
     * {@link #lockFor} the id, right after writing the database.
     */
    public void indexNow(MemoryDocument d, String contentHash) throws IOException {
        reconciler.changed(d.id());
        index.replaceDocument(d.id(), sources.chunks(d, contentHash), embeddings.space());
        embeddings.kick();
    }

    /** Removes a document from the index now; call it holding {@link #lockFor} the id. */
    public void deleteNow(String id) throws IOException {
        reconciler.changed(id);
        index.deleteDocument(id);
    }

    /** Empties the index and rebuilds it from the sources in the background. */
    public void rebuild() {
        reconciler.rebuilding();
        submit(() -> {
            try {
                reconciler.clear();
            } catch (IOException e) {
                LOG.error("Cannot empty the memory index for a rebuild", e);
                return;
            }
            reconciler.reconcile("rebuild");
            embeddings.kick();
        });
    }

    @Override
    public void changed(Set<Path> paths) {
        submit(() -> {
            try {
                reconciler.filesChanged(paths);
                embeddings.kick();
            } catch (IOException | RuntimeException e) {
                LOG.warn("Cannot reindex changed memory files {}: {}", paths, e.toString());
            }
        });
    }

    @Override
    public void rescan() {
        submit(() -> {
            try {
                reconciler.rescan();
                embeddings.kick();
            } catch (IOException | RuntimeException e) {
                LOG.warn("Cannot rescan the memory files: {}", e.toString());
            }
        });
    }

    /** @return the memory file with that id, if it is known */
    public Optional<MemoryFile> file(String id) {
        return reconciler.file(id);
    }

    /** @return how many memory files are indexed */
    public int fileCount() {
        return reconciler.fileCount();
    }

    private void commitIfChanged() {
        try {
            if (index.hasUncommittedChanges()) {
                index.commit();
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot commit the memory index: {}", e.toString());
        }
    }

    /** @return the last embedding failure, or {@code null} */
    public String embedError() {
        return embeddings.error();
    }

    /** @return passages embedded since start */
    public long indexedTotal() {
        return embeddings.embedded();
    }

    /** @return whether a rebuild (text phase) is running */
    public boolean rebuilding() {
        return reconciler.isRebuilding();
    }

    /** @return progress of the text phase of a rebuild: documents done and total */
    public long[] rebuildProgress() {
        return reconciler.progress();
    }

    /**
     * Stops the background work. The worker is not interrupted while it may be inside Lucene (an interrupt closes
     * the channel holding the index lock); only a step still running after 5 s (a slow embedding call) is.
     */
    @Override
    public void close() {
        closing = true;
        executor.getQueue().clear();
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
                if (!executor.awaitTermination(25, TimeUnit.SECONDS)) {
                    LOG.warn("The memory indexer did not stop within 30 s");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
