package dev.dx.memory.internal.work;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dx.api.memory.MemoryDocument;
import dev.dx.api.memory.MemoryStore;
import dev.dx.memory.internal.files.MemoryFile;
import dev.dx.memory.internal.files.MemoryFiles;
import dev.dx.memory.internal.index.IndexedChunk;
import dev.dx.memory.internal.index.LuceneIndex;
import dev.dx.memory.internal.index.VectorSpace;
import dev.dx.memory.internal.store.DocumentDb;

/**
 * Brings the index in line with its sources: every stored document and memory file indexed with its current hash,
 * nothing else. Runs on the indexer's worker thread (the file bookkeeping is confined to it); stores and deletes on
 * other threads are ordered against it through per-document locks and a change sequence.
 */
final class Reconciler {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
    private static final int PAGE = 500;
    private static final int REFRESH_EVERY = 2000;

    private final LuceneIndex index;
    private final DocumentDb db;
    private final MemoryFiles files;
    private final Sources sources;
    private final Function<String, Object> lockFor;
    private final Supplier<VectorSpace> space;
    private final BooleanSupplier closing;
    private final Map<String, MemoryFile> knownFiles = new ConcurrentHashMap<>();
    /** When each document was last stored or deleted (a sequence), so a reconciliation never writes older data. */
    private final Map<String, Long> lastChange = new ConcurrentHashMap<>();
    private final AtomicLong changeSeq = new AtomicLong();
    /** Size and modification time of files already indexed; worker thread only. */
    private final Map<String, String> fileStamps = new HashMap<>();
    private volatile boolean rebuilding;
    private volatile long total;
    private volatile long done;

    Reconciler(LuceneIndex index, DocumentDb db, MemoryFiles files, Sources sources, Function<String, Object> lockFor,
            Supplier<VectorSpace> space, BooleanSupplier closing) {
        this.index = index;
        this.db = db;
        this.files = files;
        this.sources = sources;
        this.lockFor = lockFor;
        this.space = space;
        this.closing = closing;
    }

    /** Records a store or delete by another thread (holding the document's lock). */
    void changed(String id) {
        lastChange.put(id, changeSeq.incrementAndGet());
    }

    /** Marks a rebuild as started (before its task runs), so status shows it at once. */
    void rebuilding() {
        rebuilding = true;
        done = 0;
        total = 0;
    }

    /** Empties the index and forgets what the files looked like; a {@link #reconcile} follows. */
    void clear() throws IOException {
        index.deleteAll();
        fileStamps.clear();
    }

    /** Indexes what changed in the database and the files since the index was written, removes what is gone. */
    void reconcile(String why) {
        long t0 = System.nanoTime();
        long seqAtStart = changeSeq.get();
        try {
            Map<String, String> indexed = index.documents();
            List<String> stale = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            String after = "";
            while (after != null) {
                after = db.hashes(after, PAGE, (id, hash) -> {
                    seen.add(id);
                    if (!sources.indexHash(hash).equals(indexed.get(id))) {
                        stale.add(id);
                    }
                });
            }
            Map<String, MemoryFile> onDisk = files.scan();
            total = stale.size() + onDisk.size();
            done = 0;
            if (rebuilding && total > 0) {
                LOG.info("Building the memory index in {} from {} stored documents and {} memory files ({})",
                        index.dir(), seen.size(), onDisk.size(), why);
            }
            // nothing to reuse in an empty index: skip looking up old vectors
            VectorSpace reuse = indexed.isEmpty() ? null : space.get();
            int sinceRefresh = 0;
            for (int from = 0; from < stale.size(); from += PAGE) {
                List<String> ids = stale.subList(from, Math.min(stale.size(), from + PAGE));
                long readAt = changeSeq.get();
                Map<String, MemoryDocument> docs = new HashMap<>();
                for (MemoryDocument d : db.getAll(ids)) {
                    docs.put(d.id(), d);
                }
                for (String id : ids) {
                    sinceRefresh += reindexStored(id, docs.get(id), readAt, reuse);
                    done++;
                }
                if (sinceRefresh >= REFRESH_EVERY) {
                    index.refresh();
                    sinceRefresh = 0;
                }
                if (closing.getAsBoolean()) {
                    return;
                }
            }
            for (MemoryFile f : onDisk.values()) {
                seen.add(f.id());
                reindexFile(f, indexed.get(f.id()));
                done++;
            }
            for (String id : indexed.keySet()) {
                if (!seen.contains(id)) {
                    index.deleteDocument(id);
                    knownFiles.remove(id);
                }
            }
            index.refresh();
            index.commit();
            if (!stale.isEmpty()) {
                LOG.info("Memory index ready for text search: {} documents updated in {} ms ({}); embeddings follow "
                        + "in the background", stale.size(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), why);
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("Cannot bring the memory index in line with its sources ({}); memory:reindex retries", why, e);
        } finally {
            rebuilding = false;
            lastChange.values().removeIf(v -> v <= seqAtStart);
        }
    }

    /** Indexes one stored document as read from the database, unless a store or delete came after that read. */
    private int reindexStored(String id, MemoryDocument d, long readAt, VectorSpace reuse) throws IOException {
        synchronized (lockFor.apply(id)) {
            Long changed = lastChange.get(id);
            if (changed != null && changed > readAt) {
                return 0;
            }
            if (d == null) {
                index.deleteDocument(id);
                return 0;
            }
            List<IndexedChunk> chunks = sources.chunks(d, Sources.contentHash(d));
            index.replaceDocumentQuietly(id, chunks, reuse);
            return chunks.size();
        }
    }

    /** Indexes a memory file if it changed; removes it if it is gone. */
    private void reindexFile(MemoryFile f, String indexedHash) throws IOException {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(f.file(), BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            knownFiles.remove(f.id());
            fileStamps.remove(f.id());
            index.deleteDocument(f.id());
            return;
        }
        knownFiles.put(f.id(), f);
        String stamp = attrs.size() + "@" + attrs.lastModifiedTime().toMillis();
        if (stamp.equals(fileStamps.get(f.id())) && indexedHash != null) {
            return;
        }
        // malformed bytes become U+FFFD rather than failing the file
        String content = new String(Files.readAllBytes(f.file()), StandardCharsets.UTF_8);
        Sources.FileChunks fc = sources.chunks(f, content, attrs.lastModifiedTime().toInstant());
        fileStamps.put(f.id(), stamp);
        if (fc.hash().equals(indexedHash)) {
            return;
        }
        int reused = index.replaceDocument(f.id(), fc.chunks(), space.get());
        LOG.debug("Indexed {}: {} passages, {} kept their vectors", f.id(), fc.chunks().size(), reused);
    }

    /** Reindexes changed files; anything that is not a memory file (a new folder) means a rescan. */
    void filesChanged(Set<Path> paths) throws IOException {
        Map<String, String> indexed = null;
        for (Path p : paths) {
            MemoryFile f = files.classify(p);
            if (f == null || Files.isDirectory(p)) {
                rescan();
                return;
            }
            if (indexed == null) {
                indexed = index.documents(MemoryStore.SOURCE_FILE);
            }
            reindexFile(f, indexed.get(f.id()));
        }
    }

    /** Compares every memory file with the index (cheap: unchanged files cost a stat). */
    void rescan() throws IOException {
        Map<String, String> indexed = index.documents(MemoryStore.SOURCE_FILE);
        Map<String, MemoryFile> onDisk = files.scan();
        for (MemoryFile f : onDisk.values()) {
            reindexFile(f, indexed.get(f.id()));
        }
        for (String id : new ArrayList<>(knownFiles.keySet())) {
            if (!onDisk.containsKey(id)) {
                knownFiles.remove(id);
                fileStamps.remove(id);
                index.deleteDocument(id);
            }
        }
        for (String id : indexed.keySet()) {
            if (id.startsWith(MemoryStore.FILE_ID_PREFIX) && !onDisk.containsKey(id)) {
                index.deleteDocument(id);
            }
        }
    }

    Optional<MemoryFile> file(String id) {
        return Optional.ofNullable(knownFiles.get(id));
    }

    int fileCount() {
        return knownFiles.size();
    }

    boolean isRebuilding() {
        return rebuilding;
    }

    long[] progress() {
        return new long[] {done, total};
    }
}
