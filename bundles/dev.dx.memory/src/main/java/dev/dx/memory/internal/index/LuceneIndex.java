package dev.dx.memory.internal.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.apache.lucene.document.Document;
import org.apache.lucene.index.ConcurrentMergeScheduler;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dx.util.fs.OwnerOnly;

/**
 * The Lucene index of memory passages: BM25 text and HNSW vectors in one index under one folder. It is derived data:
 * when it cannot be opened (missing, damaged, another layout) it is recreated empty and the caller refills it from
 * the sources. Writes that read before they write (replacing a document, attaching vectors) are serialised; searches
 * use near-real-time readers and never wait for writes.
 */
public final class LuceneIndex implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LuceneIndex.class);

    private final Path dir;
    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final Object writeLock = new Object();
    private final AtomicLong seq = new AtomicLong(System.currentTimeMillis() * 1000);
    private final String openedAs;
    private volatile String readySpace;
    private volatile EmbeddedCount embeddedCount;

    private LuceneIndex(Path dir, Directory directory, IndexWriter writer, String openedAs) throws IOException {
        this.dir = dir;
        this.directory = directory;
        this.writer = writer;
        this.openedAs = openedAs;
        this.searchers = new SearcherManager(writer, true, false, null);
        Map<String, String> data = new HashMap<>();
        Iterable<Map.Entry<String, String>> live = writer.getLiveCommitData();
        if (live != null) {
            live.forEach(e -> data.put(e.getKey(), e.getValue()));
        }
        this.readySpace = data.getOrDefault(Fields.READY_SPACE, "");
    }

    /**
     * Opens the index in {@code dir}, or creates it when it is missing, unreadable or of another layout.
     *
     * @param dir the index folder
     * @return the open index; {@link #openedAs()} says whether it was found, created or recreated
     * @throws IOException if the folder cannot be written or is locked by another process
     */
    public static LuceneIndex open(Path dir) throws IOException {
        Objects.requireNonNull(dir, "dir must not be null");
        OwnerOnly.directory(dir); // the passages are personal
        String openedAs = "existing";
        String problem = IndexCheck.problem(dir);
        if (problem != null) {
            if (problem.isEmpty()) {
                openedAs = "missing";
            } else {
                openedAs = "recreated";
                LOG.warn("The memory index in {} cannot be used ({}); deleting it to rebuild it from the sources", dir,
                        problem);
                IndexCheck.deleteContents(dir);
            }
        }
        Directory directory = FSDirectory.open(dir);
        IndexWriterConfig config = new IndexWriterConfig(new MemoryAnalyzer());
        config.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
        config.setRAMBufferSizeMB(16);
        config.setCommitOnClose(true);
        IndexWriter writer;
        try {
            writer = new IndexWriter(directory, config);
        } catch (IOException | RuntimeException e) {
            directory.close();
            throw e;
        }
        if (!"existing".equals(openedAs)) {
            writer.setLiveCommitData(Map.of(Fields.SCHEMA, Fields.SCHEMA_VERSION, Fields.READY_SPACE, "").entrySet());
            writer.commit();
        }
        try {
            return new LuceneIndex(dir, directory, writer, openedAs);
        } catch (IOException | RuntimeException e) {
            writer.close();
            directory.close();
            throw e;
        }
    }

    /** @return {@code existing}, {@code missing} (created) or {@code recreated} (it was unusable) */
    public String openedAs() {
        return openedAs;
    }

    /** @return the index folder */
    public Path dir() {
        return dir;
    }

    /**
     * Replaces all chunks of a document. Vectors of the current space are kept for chunks whose text did not change,
     * so editing a memory file re-embeds only the passages that changed.
     *
     * @param documentId the document
     * @param chunks     its new chunks, without vectors; empty just deletes the document
     * @param current    the current vector space, or {@code null}
     * @return how many chunks kept their vector
     */
    public int replaceDocument(String documentId, List<IndexedChunk> chunks, VectorSpace current) throws IOException {
        int reused = replaceDocumentQuietly(documentId, chunks, current);
        searchers.maybeRefreshBlocking();
        return reused;
    }

    /** As {@link #replaceDocument} but without making the change visible yet (bulk work refreshes now and then). */
    public int replaceDocumentQuietly(String documentId, List<IndexedChunk> chunks, VectorSpace current)
            throws IOException {
        synchronized (writeLock) {
            Map<String, float[]> reuse = current == null ? Map.of() : vectorsOf(documentId, current);
            List<Document> docs = new ArrayList<>(chunks.size());
            int reused = 0;
            for (IndexedChunk c : chunks) {
                float[] v = reuse.get(c.text());
                if (v != null) {
                    c = c.withVector(v, current);
                    reused++;
                }
                docs.add(ChunkDocuments.toDocument(c, seq.incrementAndGet()));
            }
            writer.deleteDocuments(new Term(Fields.DOC, documentId));
            if (!docs.isEmpty()) {
                writer.addDocuments(docs);
            }
            return reused;
        }
    }

    /** Adds chunks of new documents in bulk (rebuilds); the caller refreshes with {@link #refresh()}. */
    public void addAll(Collection<IndexedChunk> chunks) throws IOException {
        List<Document> docs = new ArrayList<>(chunks.size());
        for (IndexedChunk c : chunks) {
            docs.add(ChunkDocuments.toDocument(c, seq.incrementAndGet()));
        }
        synchronized (writeLock) {
            writer.addDocuments(docs);
        }
    }

    /** Deletes a document's chunks. */
    public void deleteDocument(String documentId) throws IOException {
        synchronized (writeLock) {
            writer.deleteDocuments(new Term(Fields.DOC, documentId));
            searchers.maybeRefreshBlocking();
        }
    }

    /** Empties the index (a full rebuild follows) and forgets the ready vector space. */
    public void deleteAll() throws IOException {
        synchronized (writeLock) {
            writer.deleteAll();
            readySpace = "";
            commit();
            searchers.maybeRefreshBlocking();
        }
    }

    /** Makes every write so far visible to searches. */
    public void refresh() throws IOException {
        searchers.maybeRefreshBlocking();
    }

    /**
     * Attaches vectors to chunks, unless a chunk changed or vanished since it was read (then its new version is
     * embedded later).
     *
     * @param chunks chunks as returned by {@link #pending}, each with its vector
     * @return how many were updated
     */
    public int setVectors(List<IndexedChunk> chunks) throws IOException {
        int updated = setVectorsQuietly(chunks);
        searchers.maybeRefreshBlocking();
        return updated;
    }

    /**
     * As {@link #setVectors} without making the change visible yet: bulk embedding refreshes every second or so,
     * which keeps segments (and the HNSW graph merges they cause) few.
     */
    public int setVectorsQuietly(List<IndexedChunk> chunks) throws IOException {
        int updated = 0;
        synchronized (writeLock) {
            IndexSearcher s = searchers.acquire();
            try {
                StoredFields stored = s.storedFields();
                for (IndexedChunk c : chunks) {
                    TopDocs found = s.search(new TermQuery(new Term(Fields.CHUNK_ID, c.chunkId())), 1);
                    if (found.scoreDocs.length == 0) {
                        continue;
                    }
                    Document d = stored.document(found.scoreDocs[0].doc);
                    if (!c.docHash().equals(d.get(Fields.DOC_HASH)) || !c.text().equals(d.get(Fields.TEXT))) {
                        continue;
                    }
                    writer.updateDocument(new Term(Fields.CHUNK_ID, c.chunkId()),
                            ChunkDocuments.toDocument(c, seq.incrementAndGet()));
                    updated++;
                }
            } finally {
                searchers.release(s);
            }
        }
        return updated;
    }

    /**
     * @param space the current vector space
     * @param max   the most to return
     * @return chunks without a vector of {@code space}, most recently written first
     */
    public List<IndexedChunk> pending(VectorSpace space, int max) throws IOException {
        IndexSearcher s = searchers.acquire();
        try {
            TopDocs top = s.search(pendingQuery(space), max, new Sort(new SortField(Fields.SEQ, SortField.Type.LONG, true)));
            StoredFields stored = s.storedFields();
            List<IndexedChunk> result = new ArrayList<>(top.scoreDocs.length);
            for (ScoreDoc sd : top.scoreDocs) {
                result.add(ChunkDocuments.fromStored(stored.document(sd.doc)));
            }
            return result;
        } finally {
            searchers.release(s);
        }
    }

    private static BooleanQuery pendingQuery(VectorSpace space) {
        return new BooleanQuery.Builder().add(new MatchAllDocsQuery(), Occur.FILTER)
                .add(new TermQuery(new Term(Fields.SPACE, space.id())), Occur.MUST_NOT).build();
    }

    /** @return number of chunks */
    public int chunks() throws IOException {
        IndexSearcher s = searchers.acquire();
        try {
            return s.getIndexReader().numDocs();
        } finally {
            searchers.release(s);
        }
    }

    /** @return number of chunks with a vector of {@code space} (counted once per reader, searches ask often) */
    public int embedded(VectorSpace space) throws IOException {
        IndexSearcher s = searchers.acquire();
        try {
            long version = ((DirectoryReader) s.getIndexReader()).getVersion();
            EmbeddedCount cached = embeddedCount;
            if (cached != null && cached.version() == version && cached.space().equals(space.id())) {
                return cached.count();
            }
            int count = s.count(new TermQuery(new Term(Fields.SPACE, space.id())));
            embeddedCount = new EmbeddedCount(version, space.id(), count);
            return count;
        } finally {
            searchers.release(s);
        }
    }

    private record EmbeddedCount(long version, String space, int count) {
    }

    /** @return every document in the index with its hash */
    public Map<String, String> documents() throws IOException {
        return documents(new TermQuery(new Term(Fields.FIRST, "1")));
    }

    /** @return the documents with that source (e.g. the few memory files among many stored documents) */
    public Map<String, String> documents(String source) throws IOException {
        return documents(new BooleanQuery.Builder().add(new TermQuery(new Term(Fields.FIRST, "1")), Occur.FILTER)
                .add(new TermQuery(new Term(Fields.SOURCE, source)), Occur.FILTER).build());
    }

    private Map<String, String> documents(org.apache.lucene.search.Query firstChunks) throws IOException {
        IndexSearcher s = searchers.acquire();
        try {
            Map<String, String> result = new HashMap<>();
            StoredFields stored = s.storedFields();
            TopDocs all = s.search(firstChunks, Math.max(1, s.count(firstChunks)));
            java.util.Set<String> fields = java.util.Set.of(Fields.DOC, Fields.DOC_HASH);
            for (ScoreDoc sd : all.scoreDocs) {
                Document d = stored.document(sd.doc, fields);
                result.put(d.get(Fields.DOC), d.get(Fields.DOC_HASH));
            }
            return result;
        } finally {
            searchers.release(s);
        }
    }

    /** Vectors of a document's chunks in {@code space}, by chunk text. */
    private Map<String, float[]> vectorsOf(String documentId, VectorSpace space) throws IOException {
        IndexSearcher s = searchers.acquire();
        try {
            BooleanQuery q = new BooleanQuery.Builder().add(new TermQuery(new Term(Fields.DOC, documentId)), Occur.FILTER)
                    .add(new TermQuery(new Term(Fields.SPACE, space.id())), Occur.FILTER).build();
            TopDocs top = s.search(q, 10_000);
            Map<String, float[]> result = new HashMap<>();
            StoredFields stored = s.storedFields();
            for (ScoreDoc sd : top.scoreDocs) {
                float[] v = vector(s.getIndexReader(), sd.doc, space.field());
                if (v != null) {
                    result.put(stored.document(sd.doc, java.util.Set.of(Fields.TEXT)).get(Fields.TEXT), v);
                }
            }
            return result;
        } finally {
            searchers.release(s);
        }
    }

    /**
     * @param reader a reader of this index
     * @param doc    a document id of that reader
     * @param field  a vector field
     * @return the document's vector, or {@code null}
     */
    static float[] vector(org.apache.lucene.index.IndexReader reader, int doc, String field) throws IOException {
        List<LeafReaderContext> leaves = reader.leaves();
        LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
        FloatVectorValues values = leaf.reader().getFloatVectorValues(field);
        if (values == null) {
            return null;
        }
        int target = doc - leaf.docBase;
        return values.advance(target) == target ? values.vectorValue().clone() : null;
    }

    /** @return the space that was completely embedded at some point, or an empty string */
    public String readySpace() {
        return readySpace;
    }

    /** Records that {@code space} is completely embedded, durably. */
    public void markReady(VectorSpace space) throws IOException {
        synchronized (writeLock) {
            readySpace = space.id();
            commit();
        }
    }

    /** Commits with the index's commit data. */
    public void commit() throws IOException {
        synchronized (writeLock) {
            writer.setLiveCommitData(Map.of(Fields.SCHEMA, Fields.SCHEMA_VERSION, Fields.READY_SPACE, readySpace)
                    .entrySet());
            writer.commit();
        }
    }

    /** @return whether segment merges are running or waiting (searches are slower meanwhile) */
    public boolean merging() {
        boolean running = writer.getConfig().getMergeScheduler() instanceof ConcurrentMergeScheduler
                && ((ConcurrentMergeScheduler) writer.getConfig().getMergeScheduler()).mergeThreadCount() > 0;
        return running || writer.hasPendingMerges();
    }

    /** @return whether there are uncommitted changes */
    public boolean hasUncommittedChanges() {
        return writer.hasUncommittedChanges();
    }

    /** @return a searcher; give it back with {@link #release} */
    public IndexSearcher acquire() throws IOException {
        return searchers.acquire();
    }

    /** Gives a searcher back. */
    public void release(IndexSearcher searcher) {
        try {
            searchers.release(searcher);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the size of the index files on disk */
    public long sizeOnDisk() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.mapToLong(f -> {
                try {
                    return Files.isRegularFile(f) ? Files.size(f) : 0;
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Commits and closes. */
    @Override
    public void close() throws IOException {
        synchronized (writeLock) {
            try {
                searchers.close();
                if (writer.isOpen()) {
                    commit();
                    writer.close();
                }
            } finally {
                directory.close();
            }
        }
    }
}
