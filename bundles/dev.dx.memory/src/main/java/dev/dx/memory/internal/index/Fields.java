package dev.dx.memory.internal.index;

/** Field names of the memory index: one Lucene document per passage (chunk). */
final class Fields {
    /** Chunk id, {@code <documentId>#<n>}: unique, the update key. */
    static final String CHUNK_ID = "cid";
    /** The document the chunk belongs to. */
    static final String DOC = "doc";
    /** Present ({@code "1"}) on chunk 0 only, to list documents. */
    static final String FIRST = "first";
    /** Hash of the document's text and metadata: a changed hash means the document must be re-chunked. */
    static final String DOC_HASH = "dhash";
    static final String SOURCE = "source";
    static final String PATH = "path";
    static final String AGENT = "agent";
    static final String TAG = "tag";
    /** Creation time in epoch milliseconds: point (filters), doc values (recency), stored. */
    static final String CREATED = "created";
    /** {@code 1} for dated memories (stored documents, daily notes), which recency decay applies to. */
    static final String DATED = "dated";
    static final String TEXT = "text";
    static final String CHUNK = "chunk";
    static final String START_LINE = "startLine";
    static final String END_LINE = "endLine";
    /** The vector space of the chunk's vector, or {@link #NO_SPACE}. */
    static final String SPACE = "vspace";
    static final String NO_SPACE = "-";
    /** Index-time sequence (doc values): newest work is embedded first. */
    static final String SEQ = "seq";

    /** Commit data: the vector space that was completely embedded, so searches may use it. */
    static final String READY_SPACE = "dx.readySpace";
    /** Commit data: the layout of this index; another value means it is rebuilt. */
    static final String SCHEMA = "dx.schema";
    static final String SCHEMA_VERSION = "1";

    private Fields() {
    }
}
