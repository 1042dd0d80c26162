package dev.dx.memory.internal.embed.local;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ai.onnxruntime.OrtException;
import dev.dx.api.memory.Embedder;
import dev.dx.api.memory.EmbeddingException;
import dev.dx.memory.internal.util.Dirs;
import dev.dx.memory.internal.util.NamedThreads;

/**
 * The built-in embedder {@value #ID}: all-MiniLM-L6-v2 (quantized, 384 dimensions) on ONNX Runtime, fully offline.
 * The model (about 23 MB on disk, 60–90 MB of native memory when loaded) is loaded on first use and released after
 * it has been idle for a while and on deactivation, so an idle gateway does not carry it.
 * <p>
 * ONNX Runtime runs only on this component's own two threads, which have large stacks: DX starts the JVM with
 * {@code -Xss512k}, and ONNX Runtime's native code overflows such a stack (the JVM dies with a segmentation fault,
 * measured). Two threads let a search embed its query while the indexer embeds a batch.
 */
@Component(service = Embedder.class, configurationPid = LocalEmbedder.PID)
@Designate(ocd = LocalEmbedder.Config.class)
public final class LocalEmbedder implements Embedder {
    /** The configuration PID. */
    public static final String PID = "dev.dx.embedder.local";
    /** The embedder id. */
    public static final String ID = "local-minilm";
    private static final Logger LOG = LoggerFactory.getLogger(LocalEmbedder.class);
    private static final long MODEL_THREAD_STACK = 8L << 20;

    @ObjectClassDefinition(name = "DX Local embedder",
            description = "all-MiniLM-L6-v2 (quantized, 384 dimensions) on ONNX Runtime: memory embeddings offline")
    public @interface Config {
        @AttributeDefinition(name = "Threads", description = "Threads one model run may use; on 2 cores, 1 leaves a "
                + "core for everything else", min = "1", max = "16")
        int threads() default 1;

        @AttributeDefinition(name = "Window", description = "Tokens per model run, including [CLS] and [SEP]",
                min = "16", max = "512")
        int maxTokens() default 256;

        @AttributeDefinition(name = "Windows", description = "How many windows of a long passage are embedded and "
                + "averaged; 1 truncates like sentence-transformers", min = "1", max = "8")
        int maxWindows() default 2;

        @AttributeDefinition(name = "Idle unload", description = "Seconds without use after which the model is "
                + "released from memory; 0 keeps it loaded", min = "0")
        long idleUnloadSeconds() default 300;
    }

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile Config config;
    private volatile long lastUseNanos;
    private ScheduledExecutorService janitor;
    private ExecutorService runner;
    private volatile MiniLmModel model;

    @Activate
    void activate(Config config) {
        this.config = config;
        runner = Executors.newFixedThreadPool(2, new NamedThreads("dx-memory-model", Thread.NORM_PRIORITY,
                MODEL_THREAD_STACK));
        ScheduledThreadPoolExecutor j = new ScheduledThreadPoolExecutor(1, new NamedThreads("dx-memory-model-idle",
                Thread.NORM_PRIORITY));
        j.setRemoveOnCancelPolicy(true);
        janitor = j;
        janitor.scheduleWithFixedDelay(this::unloadIfIdle, 15, 15, TimeUnit.SECONDS);
    }

    @Modified
    void modified(Config config) {
        this.config = config;
        unload("its configuration changed");
    }

    @Deactivate
    void deactivate() {
        janitor.shutdownNow();
        runner.shutdown();
        try {
            if (!runner.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("A model run did not finish within 30 s of stopping");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        unload("the embedder stopped");
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int dimension() {
        return MiniLmModel.DIMENSION;
    }

    @Override
    public String model() {
        Config c = config;
        return "all-MiniLM-L6-v2-q/" + (c == null ? 256 : c.maxTokens()) + "x" + (c == null ? 2 : c.maxWindows());
    }

    @Override
    public float[][] embed(List<String> texts) throws EmbeddingException {
        Future<float[][]> run;
        try {
            run = runner.submit(() -> embedHere(texts));
        } catch (RejectedExecutionException e) {
            throw new EmbeddingException("The local embedder is stopping", e);
        }
        try {
            return run.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof EmbeddingException) {
                throw (EmbeddingException) e.getCause();
            }
            throw new EmbeddingException("The local embedding model failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddingException("Embedding was interrupted", e);
        }
    }

    /** Runs on a model thread: loads the model if needed and embeds. */
    private float[][] embedHere(List<String> texts) throws EmbeddingException {
        try {
            lock.readLock().lock();
            try {
                MiniLmModel m = model;
                if (m != null) {
                    lastUseNanos = System.nanoTime();
                    return m.embed(texts);
                }
            } finally {
                lock.readLock().unlock();
            }
            MiniLmModel m;
            lock.writeLock().lock();
            try {
                if (model == null) {
                    model = load();
                }
                m = model;
                // downgrade: keep the model from being released while it runs
                lock.readLock().lock();
            } finally {
                lock.writeLock().unlock();
            }
            try {
                lastUseNanos = System.nanoTime();
                return m.embed(texts);
            } finally {
                lock.readLock().unlock();
            }
        } catch (OrtException e) {
            throw new EmbeddingException("The local embedding model failed: " + e.getMessage(), e);
        }
    }

    private MiniLmModel load() throws EmbeddingException {
        Config c = config;
        long t0 = System.nanoTime();
        try {
            Path file = ModelFiles.extractModel(Dirs.dataDx().resolve("memory").resolve("model"));
            MiniLmModel m = new MiniLmModel(file, new WordPieceTokenizer(ModelFiles.vocabulary()), c.threads(),
                    c.maxTokens(), c.maxWindows());
            LOG.info("Loaded the local embedding model all-MiniLM-L6-v2 (quantized) in {} ms",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
            return m;
        } catch (IOException | OrtException | RuntimeException | LinkageError e) {
            throw new EmbeddingException("The local embedding model cannot be loaded (" + e + "); check that ONNX "
                    + "Runtime supports this platform, or configure an HTTP embedder", e);
        }
    }

    private void unloadIfIdle() {
        Config c = config;
        if (c.idleUnloadSeconds() <= 0 || model == null
                || System.nanoTime() - lastUseNanos < TimeUnit.SECONDS.toNanos(c.idleUnloadSeconds())) {
            return;
        }
        if (lock.writeLock().tryLock()) {
            try {
                close("it was idle for " + c.idleUnloadSeconds() + " s");
            } finally {
                lock.writeLock().unlock();
            }
        }
    }

    private void unload(String why) {
        lock.writeLock().lock();
        try {
            close(why);
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void close(String why) {
        if (model == null) {
            return;
        }
        try {
            model.close();
            LOG.debug("Released the local embedding model: {}", why);
        } catch (OrtException e) {
            LOG.warn("Cannot release the local embedding model: {}", e.toString());
        }
        model = null;
    }

    /** @return whether the model is loaded now (status and tests) */
    public boolean loaded() {
        return model != null;
    }
}
