package dev.dx.api.memory;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * An agent's long-term memory: documents stored through this service plus the Markdown memory files of the agent
 * workspaces ({@code MEMORY.md}, {@code memory/*.md}), searchable by words (BM25), by meaning (vectors) or both.
 * Stored documents are durable the moment {@link #store} returns; the search index is derived from them and
 * rebuilt when it is missing or damaged. A stored document is searchable by text at once and by meaning as soon
 * as its embeddings are computed in the background.
 *
 * @since 0.1
 */
@ProviderType
public interface MemoryStore {
    /** Source of documents that come from workspace memory files. */
    String SOURCE_FILE = "file";
    /** Id prefix of documents that come from workspace memory files: {@code file:<agent>/<path>}. */
    String FILE_ID_PREFIX = "file:";

    /**
     * Stores a document, or replaces it if {@code document.id()} names an existing stored document.
     *
     * @param document the text and its metadata; a {@code null} id asks for a new one
     * @return the document id
     * @throws IllegalArgumentException if the text is empty or too large, or the id names a memory file
     */
    String store(MemoryDocument document);

    /**
     * @param id a document id as returned by {@link #store} or shown in a {@link MemoryHit}
     * @return the document (for a memory file: its current content), or empty if there is none
     */
    Optional<MemoryDocument> get(String id);

    /**
     * Deletes a stored document and removes it from the index.
     *
     * @param id the document id
     * @return whether a document was deleted
     * @throws IllegalArgumentException if the id names a memory file (edit or delete the file instead)
     */
    boolean delete(String id);

    /**
     * Searches the memory.
     *
     * @param query   what to look for, in natural language
     * @param options mode, limit and filters
     * @return the hits, best first, and whether vectors were used
     */
    SearchResult search(String query, SearchOptions options);

    /** @return counts, the embedder in use and indexing progress */
    MemoryStatus status();

    /**
     * Rebuilds the index from the stored documents and the memory files in the background: text first, then
     * embeddings. Search keeps answering meanwhile.
     *
     * @return the status right after the rebuild was started
     */
    MemoryStatus reindex();
}
