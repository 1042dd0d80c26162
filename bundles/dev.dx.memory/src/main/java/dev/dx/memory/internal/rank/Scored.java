package dev.dx.memory.internal.rank;

/**
 * A candidate with its final score and the normalised parts it was made of.
 *
 * @param candidate   the candidate
 * @param score       the final score
 * @param textScore   the normalised text score, 0..1
 * @param vectorScore the normalised vector score, 0..1
 */
public record Scored(Candidate candidate, double score, double textScore, double vectorScore) {
}
