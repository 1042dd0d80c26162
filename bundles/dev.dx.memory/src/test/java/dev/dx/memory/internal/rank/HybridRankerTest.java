package dev.dx.memory.internal.rank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class HybridRankerTest {
    private static final long NOW = 1_700_000_000_000L;
    private static final long DAY = 86_400_000L;

    private static Candidate c(int doc, double text, double vector) {
        return new Candidate(doc, text, vector, NOW, false);
    }

    private static List<Integer> docs(List<Scored> s) {
        return s.stream().map(x -> x.candidate().doc()).toList();
    }

    @Test
    void textIsRelativeToTheBestTextHitVectorsAreCosineAndTheyAreWeighted() {
        HybridRanker r = new HybridRanker(0.3, 0.7, 0);
        List<Scored> s = r.rank(List.of(c(1, 10, 0.60), c(2, 5, 0.90), c(3, 0, 0.75)), true, true, NOW);
        // doc 2: 0.3 * 0.5 + 0.7 * 0.9 = 0.78; doc 1: 0.3 * 1 + 0.7 * 0.6 = 0.72; doc 3: 0 + 0.7 * 0.75 = 0.525
        assertEquals(List.of(2, 1, 3), docs(s));
        assertEquals(0.78, s.get(0).score(), 1e-9);
        assertEquals(0.5, s.get(0).textScore(), 1e-9);
        assertEquals(0.9, s.get(0).vectorScore(), 1e-9);
        assertEquals(0.72, s.get(1).score(), 1e-9);
        assertEquals(0.525, s.get(2).score(), 1e-9);
    }

    @Test
    void aHitMissingFromOneListScoresZeroThere() {
        HybridRanker r = new HybridRanker(0.3, 0.7, 0);
        List<Scored> s = r.rank(List.of(c(1, 8, Double.NaN), c(2, Double.NaN, 0.8), c(3, 4, 0.4)), true, true, NOW);
        assertEquals(List.of(2, 3, 1), docs(s));
        assertEquals(0.56, s.get(0).score(), 1e-9);
        assertEquals(0.43, s.get(1).score(), 1e-9);
        assertEquals(0.3, s.get(2).score(), 1e-9);
    }

    @Test
    void aStrongWordMatchBeatsAWeakNearestNeighbour() {
        // the vector list's best hit is only 0.35 similar: it must not count as a perfect match
        HybridRanker r = new HybridRanker(0.3, 0.7, 0);
        List<Scored> s = r.rank(List.of(c(1, 12, 0.30), c(2, Double.NaN, 0.35), c(3, 2, Double.NaN)), true, true, NOW);
        assertEquals(List.of(1, 2, 3), docs(s));
    }

    @Test
    void aSingleListDecidesAlone() {
        HybridRanker r = new HybridRanker(0.3, 0.7, 0);
        List<Scored> text = r.rank(List.of(c(1, 2, Double.NaN), c(2, 6, Double.NaN)), true, false, NOW);
        assertEquals(List.of(2, 1), docs(text));
        assertEquals(1.0, text.get(0).score(), 1e-9);
        List<Scored> semantic = r.rank(List.of(c(7, Double.NaN, 0.3), c(8, Double.NaN, -0.2)), false, true, NOW);
        assertEquals(0.3, semantic.get(0).score(), 1e-9);
        assertEquals(0.0, semantic.get(1).score(), 1e-9, "negative cosine is clipped");
    }

    @Test
    void recencyDecayHalvesDatedMemoriesPerHalfLifeAndLeavesUndatedAlone() {
        HybridRanker r = new HybridRanker(0.3, 0.7, 30);
        Candidate old = new Candidate(1, 10, 0.9, NOW - 30 * DAY, true);
        Candidate fresh = new Candidate(2, 9.5, 0.88, NOW - DAY, true);
        Candidate evergreen = new Candidate(3, 10, 0.9, NOW - 3000 * DAY, false);
        assertEquals(0.5, r.decay(old, NOW), 1e-9);
        assertEquals(1.0, r.decay(evergreen, NOW), 1e-9);
        List<Scored> s = r.rank(List.of(old, fresh, evergreen, c(4, 1, 0.1)), true, true, NOW);
        assertEquals(List.of(3, 2, 1, 4), docs(s));
        assertEquals(1.0, new HybridRanker(0.3, 0.7, 0).decay(old, NOW), 1e-9, "0 turns decay off");
    }

    @Test
    void mmrPrefersADiverseSecondHit() {
        HybridRanker r = new HybridRanker(0.3, 0.7, 0);
        List<Scored> ranked = r.rank(List.of(c(1, 10, 0.9), c(2, 9.9, 0.89), c(3, 8, 0.8), c(4, 1, 0.1)), true, true,
                NOW);
        // 1 and 2 are near duplicates, 3 is different
        List<Scored> picked = HybridRanker.mmr(ranked, 2, 0.5, (a, b) -> {
            int x = a.candidate().doc();
            int y = b.candidate().doc();
            return (x == 3 || y == 3) ? 0.1 : 0.98;
        });
        assertEquals(List.of(1, 3), docs(picked));
        List<Scored> relevanceOnly = HybridRanker.mmr(ranked, 2, 1.0, (a, b) -> 0.98);
        assertEquals(List.of(1, 2), docs(relevanceOnly));
    }

    @Test
    void weightsMustMakeSense() {
        assertThrows(IllegalArgumentException.class, () -> new HybridRanker(0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new HybridRanker(-1, 1, 0));
    }
}
