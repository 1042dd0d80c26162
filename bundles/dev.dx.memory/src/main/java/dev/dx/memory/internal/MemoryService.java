package dev.dx.memory.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dx.api.event.Topics;
import dev.dx.api.memory.Embedder;
import dev.dx.api.memory.EmbeddingException;
import dev.dx.api.memory.MemoryDocument;
import dev.dx.api.memory.MemoryHit;
import dev.dx.api.memory.MemoryMetadata;
import dev.dx.api.memory.MemoryStatus;
import dev.dx.api.memory.MemoryStore;
import dev.dx.api.memory.SearchMode;
import dev.dx.api.memory.SearchOptions;
import dev.dx.api.memory.SearchResult;
import dev.dx.memory.internal.files.MemoryFile;
import dev.dx.memory.internal.index.MemorySearch;
import dev.dx.memory.internal.index.VectorSpace;
import dev.dx.memory.internal.store.Ids;
import dev.dx.memory.internal.work.Indexer;
import dev.dx.memory.internal.work.Sources;
import dev.dx.memory.internal.work.Vectors;

/**
 * The memory: stored documents (SQLite) and workspace memory files, indexed in Lucene for hybrid search, with
 * embeddings computed in the background by the configured {@link Embedder}. Everything it opens it closes on
 * deactivation (index writer, database, watcher, worker thread), so the bundle can be restarted at will.
 */
@Component(service = MemoryStore.class, immediate = true, configurationPid = MemoryConfig.PID)
@Designate(ocd = MemoryConfig.class)
public final class MemoryService implements MemoryStore {
    private static final Logger LOG = LoggerFactory.getLogger(MemoryService.class);

    private final List<Embedder> embedders = new CopyOnWriteArrayList<>();
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin eventAdmin;
    private volatile MemoryRuntime running;
    private volatile MemoryConfig config;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addEmbedder(Embedder e) {
        embedders.add(e);
        selectEmbedder();
    }

    void updatedEmbedder(Embedder e) {
        selectEmbedder();
    }

    void removeEmbedder(Embedder e) {
        embedders.remove(e);
        selectEmbedder();
    }

    @Activate
    synchronized void activate(MemoryConfig config) throws IOException {
        this.config = config;
        this.running = MemoryRuntime.open(config, this::vectorsReady);
        selectEmbedder();
    }

    @Modified
    synchronized void modified(MemoryConfig config) throws IOException {
        MemoryConfig old = this.config;
        this.config = config;
        if (MemoryRuntime.needsRestart(old, config)) {
            LOG.info("Memory storage, chunking or file settings changed; reopening the memory");
            MemoryRuntime r = running;
            running = null;
            r.close();
            running = MemoryRuntime.open(config, this::vectorsReady);
        } else {
            running = running.with(config);
        }
        selectEmbedder();
    }

    @Deactivate
    synchronized void deactivate() {
        MemoryRuntime r = running;
        running = null;
        if (r != null) {
            r.close();
        }
    }

    private void vectorsReady(String embedder, long chunks) {
        post(Topics.MEMORY_VECTORS_READY, Map.of("embedder", embedder, "chunks", chunks));
    }

    private void post(String topic, Map<String, Object> payload) {
        EventAdmin ea = eventAdmin;
        if (ea != null) {
            ea.postEvent(new Event(topic, Map.of(Topics.PAYLOAD, payload)));
        }
    }

    /** Picks the configured embedder among those registered and hands it to the indexer. */
    private void selectEmbedder() {
        MemoryRuntime r = running;
        MemoryConfig c = config;
        if (r == null || c == null) {
            return;
        }
        Embedder chosen = null;
        for (Embedder e : embedders) {
            if (c.embedder().equals(e.id())) {
                chosen = e;
                break;
            }
        }
        Embedder current = r.indexer().embedder();
        VectorSpace space = r.indexer().space();
        if (chosen != current || (chosen != null && space != null
                && !VectorSpace.of(chosen.id(), chosen.model(), chosen.dimension()).id().equals(space.id()))) {
            r.indexer().setEmbedder(chosen);
        }
    }

    private MemoryRuntime running() {
        MemoryRuntime r = running;
        if (r == null) {
            throw new IllegalStateException("The memory is not running (it is stopping or restarting); try again");
        }
        return r;
    }

    @Override
    public String store(MemoryDocument document) {
        Objects.requireNonNull(document, "document must not be null");
        MemoryRuntime r = running();
        String text = document.text();
        if (text.isBlank()) {
            throw new IllegalArgumentException("The text is empty; give the memory some text");
        }
        if (text.length() > r.config().maxDocumentChars()) {
            throw new IllegalArgumentException("The text has " + text.length() + " characters, more than the "
                    + r.config().maxDocumentChars() + " allowed (maxDocumentChars); split it into several memories");
        }
        String id = document.id() == null ? Ids.newId() : document.id();
        if (id.startsWith(FILE_ID_PREFIX)) {
            throw new IllegalArgumentException("'" + id + "' is a memory file; edit the file in the workspace instead");
        }
        if (!Ids.valid(id)) {
            throw new IllegalArgumentException("The id '" + id + "' may only use letters, digits, '.', '_' and '-' "
                    + "(at most 128); leave it out to get a new one");
        }
        MemoryMetadata m = document.metadata();
        if (SOURCE_FILE.equals(m.source())) {
            throw new IllegalArgumentException("The source 'file' is reserved for memory files; use another, e.g. "
                    + "'note' or 'import'");
        }
        MemoryDocument d = new MemoryDocument(id, text, m.created() == null ? m.withCreated(Instant.now()) : m);
        String hash = Sources.contentHash(d);
        try {
            synchronized (r.indexer().lockFor(id)) {
                r.db().put(d, hash);
                r.indexer().indexNow(d, hash);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot store the memory: " + e.getMessage(), e);
        }
        post(Topics.MEMORY_STORED, Map.of("id", id, "agent", d.metadata().agent(), "source", d.metadata().source()));
        return id;
    }

    @Override
    public Optional<MemoryDocument> get(String id) {
        Objects.requireNonNull(id, "id must not be null");
        MemoryRuntime r = running();
        try {
            if (id.startsWith(FILE_ID_PREFIX)) {
                Optional<MemoryFile> f = r.indexer().file(id);
                if (f.isEmpty()) {
                    return Optional.empty();
                }
                MemoryFile file = f.get();
                try {
                    String content = Files.readString(file.file(), StandardCharsets.UTF_8);
                    Instant created = file.date() != null ? file.date() : Files.getLastModifiedTime(file.file()).toInstant();
                    return Optional.of(new MemoryDocument(id, content,
                            new MemoryMetadata(SOURCE_FILE, file.path(), file.agent(), created, List.of())));
                } catch (NoSuchFileException e) {
                    return Optional.empty();
                }
            }
            return r.db().get(id);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read memory " + id + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean delete(String id) {
        Objects.requireNonNull(id, "id must not be null");
        MemoryRuntime r = running();
        if (id.startsWith(FILE_ID_PREFIX)) {
            throw new IllegalArgumentException("'" + id + "' is a memory file; delete or edit the file in the workspace");
        }
        try {
            synchronized (r.indexer().lockFor(id)) {
                boolean deleted = r.db().delete(id);
                r.indexer().deleteNow(id);
                if (deleted) {
                    post(Topics.MEMORY_DELETED, Map.of("id", id));
                }
                return deleted;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete memory " + id + ": " + e.getMessage(), e);
        }
    }

    @Override
    public SearchResult search(String query, SearchOptions options) {
        long t0 = System.nanoTime();
        if (query == null || query.isBlank()) {
            throw new IllegalArgumentException("The query is empty; say what to look for");
        }
        SearchOptions o = options == null ? SearchOptions.defaults() : options;
        MemoryRuntime r = running();
        MemoryConfig c = r.config();
        Indexer indexer = r.indexer();
        Embedder e = indexer.embedder();
        VectorSpace space = indexer.space();
        try {
            boolean ready = space != null && space.id().equals(r.index().readySpace());
            long chunks = r.index().chunks();
            long embedded = space == null ? 0 : r.index().embedded(space);
            boolean vectorsReady = ready && embedded >= chunks;
            MemorySearch.VectorQuery vq = null;
            String note = "";
            if (o.mode() != SearchMode.TEXT) {
                if (e == null) {
                    note = "The embedder '" + c.embedder() + "' is not available, so this search used text matches "
                            + "only.";
                } else if (!ready) {
                    note = "Vectors for embedder '" + e.id() + "' are still being computed (" + embedded + " of "
                            + chunks + " passages), so this search used text matches only.";
                } else {
                    try {
                        float[] v = e.embed(List.of(query))[0];
                        if (v.length != space.dimension()) {
                            throw new EmbeddingException("it returned " + v.length + " dimensions instead of "
                                    + space.dimension());
                        }
                        vq = new MemorySearch.VectorQuery(space, Vectors.normalized(v));
                    } catch (EmbeddingException | RuntimeException ex) {
                        LOG.debug("Query embedding failed", ex);
                        note = "The embedder '" + e.id() + "' failed (" + ex.getMessage()
                                + "), so this search used text matches only.";
                    }
                }
            }
            SearchMode used = vq == null ? SearchMode.TEXT : o.mode();
            boolean useText = used != SearchMode.SEMANTIC;
            MemorySearch.Settings settings = new MemorySearch.Settings(c.candidates(), c.textWeight(), c.vectorWeight(),
                    c.recencyHalfLifeDays(), c.mmrLambda(), 320);
            List<MemoryHit> hits = r.search().search(query, o, useText, vq, settings, System.currentTimeMillis());
            return new SearchResult(hits, used, vectorsReady, note, (System.nanoTime() - t0) / 1e6);
        } catch (IOException ex) {
            throw new UncheckedIOException("The memory search failed: " + ex.getMessage(), ex);
        }
    }

    @Override
    public MemoryStatus status() {
        return StatusReport.of(running());
    }

    @Override
    public MemoryStatus reindex() {
        MemoryRuntime r = running();
        LOG.info("Rebuilding the memory index on request");
        r.indexer().rebuild();
        return status();
    }

    /** @return what runs now, for tests and the benchmark */
    MemoryRuntime runtime() {
        return running();
    }
}
