package dev.dx.api.memory;

import java.util.List;

/**
 * What {@link MemoryStore#search} found.
 *
 * @param hits         the hits, best first
 * @param mode         the ranking actually used: {@link SearchMode#TEXT} when vectors could not be used
 * @param vectorsReady whether every indexed passage has an embedding from the current embedder; when {@code false}
 *                     semantic matches may be missing (the note says why)
 * @param note         a sentence for the user when the result is degraded, otherwise an empty string
 * @param tookMs       how long the search took, in milliseconds
 * @since 0.1
 */
public record SearchResult(List<MemoryHit> hits, SearchMode mode, boolean vectorsReady, String note, double tookMs) {
    /** Copies the hits and normalises the note. */
    public SearchResult {
        hits = List.copyOf(hits);
        note = note == null ? "" : note;
    }
}
