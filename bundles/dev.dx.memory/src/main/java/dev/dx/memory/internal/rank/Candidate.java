package dev.dx.memory.internal.rank;

/**
 * A passage found by full text, by vector or by both, with its raw scores before merging.
 *
 * @param doc        the Lucene document id (of the searcher that found it)
 * @param textRaw    the BM25 score, or {@link Double#NaN} if full text did not find it
 * @param vectorRaw  the cosine similarity to the query, or {@link Double#NaN} if vector search did not find it
 * @param createdMs  when the memory was written
 * @param dated      whether recency decay applies to it
 */
public record Candidate(int doc, double textRaw, double vectorRaw, long createdMs, boolean dated) {
}
