package dev.dx.api.memory;

import java.time.Instant;
import java.util.List;

/**
 * One search hit: a passage (chunk) of a document, where it is, and how well it matched.
 *
 * @param documentId  the document, for {@link MemoryStore#get}
 * @param chunk       the passage's number within the document, from 0
 * @param score       the final score, higher is better (0..1 for hybrid)
 * @param textScore   the normalised full-text score (0..1), or 0 if the words did not match
 * @param vectorScore the normalised semantic score (0..1), or 0 if vectors were not used or did not match
 * @param snippet     an excerpt of the passage around the best match
 * @param source      the document's source ({@code "file"} for memory files)
 * @param path        the document's path ({@code MEMORY.md}, {@code memory/2024-05-01.md}, ...) or an empty string
 * @param agent       the agent the memory belongs to
 * @param created     when the memory was written
 * @param tags        the document's tags
 * @param startLine   the first line of the passage in the document, from 1
 * @param endLine     the last line of the passage, inclusive
 * @since 0.1
 */
public record MemoryHit(String documentId, int chunk, double score, double textScore, double vectorScore,
        String snippet, String source, String path, String agent, Instant created, List<String> tags, int startLine,
        int endLine) {
}
