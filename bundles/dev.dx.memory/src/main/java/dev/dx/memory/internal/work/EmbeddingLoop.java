package dev.dx.memory.internal.work;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dx.api.memory.Embedder;
import dev.dx.api.memory.EmbeddingException;
import dev.dx.memory.internal.index.IndexedChunk;
import dev.dx.memory.internal.index.LuceneIndex;
import dev.dx.memory.internal.index.VectorSpace;

/**
 * Computes embeddings for passages that have none in the current vector space, newest first, one batch per task on
 * the indexer's worker thread, so other work (a changed file) runs in between. Passages are fetched a page at a time
 * and made visible to searches about once a second rather than after every batch: fewer, larger segments mean far
 * less HNSW graph merging. Failures back off up to a minute and are reported, never dropped.
 */
final class EmbeddingLoop {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddingLoop.class);
    private static final long MAX_BACKOFF_MS = 60_000;
    private static final int PAGE_BATCHES = 16;
    private static final long REFRESH_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final LuceneIndex index;
    private final ScheduledExecutorService executor;
    private final Consumer<Runnable> submit;
    private final int batchSize;
    private final BooleanSupplier closing;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicLong embedded = new AtomicLong();
    private volatile Embedder embedder;
    private volatile VectorSpace space;
    private volatile String error;
    private volatile Indexer.Listener listener;
    /** Passages fetched and not embedded yet; worker thread only. */
    private final List<IndexedChunk> page = new ArrayList<>();
    private VectorSpace pageSpace;
    private long lastRefresh;
    private long backoffMs;

    EmbeddingLoop(LuceneIndex index, ScheduledExecutorService executor, Consumer<Runnable> submit, int batchSize,
            BooleanSupplier closing) {
        this.index = index;
        this.executor = executor;
        this.submit = submit;
        this.batchSize = batchSize;
        this.closing = closing;
    }

    void listener(Indexer.Listener l) {
        listener = l;
    }

    /** Switches the embedder; a new vector space starts a background re-embedding. */
    void setEmbedder(Embedder e) {
        VectorSpace s = e == null ? null : VectorSpace.of(e.id(), e.model(), e.dimension());
        VectorSpace old = space;
        embedder = e;
        space = s;
        error = null;
        if (s != null && (old == null || !old.id().equals(s.id()))) {
            if (!s.id().equals(index.readySpace()) && chunksOrZero() > 0) {
                LOG.info("Memory vectors are computed in the background for embedder '{}' ({} dimensions); search "
                        + "answers with text matches until they are ready", e.id(), e.dimension());
            }
            kick();
        }
    }

    private int chunksOrZero() {
        try {
            return index.chunks();
        } catch (IOException e) {
            return 0;
        }
    }

    Embedder embedder() {
        return embedder;
    }

    VectorSpace space() {
        return space;
    }

    String error() {
        return error;
    }

    long embedded() {
        return embedded.get();
    }

    /** Makes sure a step is scheduled. */
    void kick() {
        if (embedder != null && !closing.getAsBoolean() && scheduled.compareAndSet(false, true)) {
            submit.accept(this::step);
        }
    }

    private void step() {
        Embedder e = embedder;
        VectorSpace s = space;
        if (e == null || s == null || closing.getAsBoolean()) {
            scheduled.set(false);
            return;
        }
        try {
            if (page.isEmpty() || !s.equals(pageSpace)) {
                index.refresh();
                lastRefresh = System.nanoTime();
                page.clear();
                page.addAll(index.pending(s, batchSize * PAGE_BATCHES));
                pageSpace = s;
            }
            if (page.isEmpty()) {
                finished(e, s);
                return;
            }
            List<IndexedChunk> batch = new ArrayList<>(page.subList(0, Math.min(batchSize, page.size())));
            embedded.addAndGet(index.setVectorsQuietly(embed(e, s, batch)));
            page.subList(0, batch.size()).clear();
            if (page.isEmpty() || System.nanoTime() - lastRefresh > REFRESH_NANOS) {
                index.refresh();
                lastRefresh = System.nanoTime();
            }
            error = null;
            backoffMs = 0;
            submit.accept(this::step);
        } catch (EmbeddingException | IOException | RuntimeException ex) {
            failed(ex);
        }
    }

    private static List<IndexedChunk> embed(Embedder e, VectorSpace s, List<IndexedChunk> batch)
            throws EmbeddingException {
        List<String> texts = new ArrayList<>(batch.size());
        for (IndexedChunk c : batch) {
            texts.add(c.text());
        }
        float[][] vectors = e.embed(texts);
        if (vectors == null || vectors.length != batch.size()) {
            throw new EmbeddingException("Embedder '" + e.id() + "' returned " + (vectors == null ? 0 : vectors.length)
                    + " vectors for " + batch.size() + " texts");
        }
        List<IndexedChunk> done = new ArrayList<>(batch.size());
        for (int i = 0; i < vectors.length; i++) {
            float[] v = vectors[i];
            if (v == null || v.length != s.dimension()) {
                throw new EmbeddingException("Embedder '" + e.id() + "' returned a vector of "
                        + (v == null ? 0 : v.length) + " dimensions, its declared dimension is " + s.dimension()
                        + "; fix the embedder's 'dimension' setting");
            }
            done.add(batch.get(i).withVector(Vectors.normalized(v), s));
        }
        return done;
    }

    private void finished(Embedder e, VectorSpace s) throws IOException {
        if (!s.id().equals(index.readySpace())) {
            index.markReady(s);
            int chunks = index.chunks();
            if (chunks > 0) {
                LOG.info("Memory vectors are ready ({}, {} passages)", e.id(), chunks);
            }
            Indexer.Listener l = listener;
            if (l != null) {
                l.vectorsReady(e.id(), chunks);
            }
        }
        scheduled.set(false);
        // work may have arrived between the query and the flag
        if (!index.pending(s, 1).isEmpty()) {
            kick();
        }
    }

    private void failed(Exception ex) {
        if (closing.getAsBoolean()) {
            scheduled.set(false);
            return;
        }
        page.clear();
        backoffMs = Math.min(MAX_BACKOFF_MS, Math.max(250, backoffMs * 2));
        String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        if (!msg.equals(error)) {
            LOG.warn("Memory embeddings paused: {}; retrying in {} ms", msg, backoffMs);
        }
        LOG.debug("Embedding step failed", ex);
        error = msg;
        try {
            executor.schedule(this::step, backoffMs, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            scheduled.set(false);
        }
    }
}
