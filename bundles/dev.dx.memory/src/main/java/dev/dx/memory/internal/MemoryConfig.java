package dev.dx.memory.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the memory, PID {@code dev.dx.memory} ({@code etc/dev.dx.memory.cfg}). */
@ObjectClassDefinition(name = "DX Memory",
        description = "Memory search: index location, chunking, hybrid ranking, embedder and memory files")
public @interface MemoryConfig {
    /** The configuration PID. */
    String PID = "dev.dx.memory";

    @AttributeDefinition(name = "Embedder", description = "Id of the embedder that makes vectors: local-minilm (the "
            + "built-in offline model) or the id of a dev.dx.embedder configuration. Changing it re-embeds everything "
            + "in the background; search answers text-only meanwhile")
    String embedder() default "local-minilm";

    @AttributeDefinition(name = "Chunk tokens", description = "Tokens per passage (a token is a word, a punctuation "
            + "mark or a CJK character)", min = "16", max = "4000")
    int chunkTokens() default 400;

    @AttributeDefinition(name = "Chunk overlap", description = "Tokens shared by consecutive passages; at most half of "
            + "chunkTokens", min = "0", max = "2000")
    int chunkOverlap() default 80;

    @AttributeDefinition(name = "Text weight", description = "Weight of the normalised BM25 score in hybrid search",
            min = "0", max = "1")
    double textWeight() default 0.3;

    @AttributeDefinition(name = "Vector weight", description = "Weight of the normalised vector score in hybrid "
            + "search", min = "0", max = "1")
    double vectorWeight() default 0.7;

    @AttributeDefinition(name = "Candidates", description = "Passages each of text and vector search contributes "
            + "before merging", min = "10", max = "1000")
    int candidates() default 50;

    @AttributeDefinition(name = "Recency half-life", description = "Days after which the score of a dated memory "
            + "(stored documents, memory/YYYY-MM-DD.md) halves; 0 turns recency decay off. MEMORY.md never decays",
            min = "0")
    double recencyHalfLifeDays() default 0;

    @AttributeDefinition(name = "MMR lambda", description = "Maximal marginal relevance: 1 ranks by relevance only; "
            + "lower values trade relevance for diverse hits (0.7 is a common choice)", min = "0", max = "1")
    double mmrLambda() default 1.0;

    @AttributeDefinition(name = "Embedding batch", description = "Passages embedded per background step",
            min = "1", max = "256")
    int embedBatchSize() default 16;

    @AttributeDefinition(name = "Workspace folders", description = "Folders whose sub-folders are agent workspaces; "
            + "their MEMORY.md and memory/*.md are indexed and watched. Empty: ${karaf.home}/workspace")
    String[] workspaces() default {};

    @AttributeDefinition(name = "Debounce", description = "Milliseconds a memory file must be quiet before it is "
            + "reindexed", min = "0", max = "60000")
    long debounceMs() default 300;

    @AttributeDefinition(name = "Rescan interval", description = "Seconds between full checks of the memory files, "
            + "a safety net for missed file system notifications", min = "5")
    long rescanSeconds() default 60;

    @AttributeDefinition(name = "Index folder", description = "Where the Lucene index lives. Empty: "
            + "${karaf.data}/dx/memory/index. It is derived data, rebuilt when missing")
    String indexDir() default "";

    @AttributeDefinition(name = "Database", description = "The SQLite file of stored documents. Empty: "
            + "${karaf.data}/dx/memory.db")
    String database() default "";

    @AttributeDefinition(name = "Max document", description = "Largest document accepted by store, in characters",
            min = "100")
    int maxDocumentChars() default 1_000_000;
}
