package dev.dx.memory.internal.index;

import java.util.List;

/**
 * Everything the index holds about one passage.
 *
 * @param documentId the document
 * @param docHash    hash of the document's text and metadata
 * @param chunk      the passage number
 * @param text       the passage
 * @param source     the document's source
 * @param path       the document's path
 * @param agent      the agent
 * @param createdMs  creation time, epoch milliseconds
 * @param dated      whether recency decay applies
 * @param tags       tags
 * @param startLine  first line
 * @param endLine    last line
 * @param vector     the embedding, or {@code null}
 * @param space      the vector space of {@code vector}, or {@code null}
 */
public record IndexedChunk(String documentId, String docHash, int chunk, String text, String source, String path,
        String agent, long createdMs, boolean dated, List<String> tags, int startLine, int endLine, float[] vector,
        VectorSpace space) {

    /** @return the chunk id, the index's update key */
    public String chunkId() {
        return documentId + "#" + chunk;
    }

    /**
     * @param vector the embedding
     * @param space  its space
     * @return a copy carrying the vector
     */
    public IndexedChunk withVector(float[] vector, VectorSpace space) {
        return new IndexedChunk(documentId, docHash, chunk, text, source, path, agent, createdMs, dated, tags, startLine,
                endLine, vector, space);
    }
}
