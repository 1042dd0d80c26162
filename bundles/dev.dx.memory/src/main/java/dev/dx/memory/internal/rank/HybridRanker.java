package dev.dx.memory.internal.rank;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Ranking of memory hits. Both scores are normalised to 0..1: the BM25 score relative to the best text hit of the
 * query ({@code bm25 / max}), the vector score as the cosine similarity itself (clipped at 0), an absolute measure, so
 * a query that nothing matches in meaning does not lift its nearest (but distant) neighbours to 1. They are merged as
 * {@code textWeight * text + vectorWeight * vector} (a passage missing from a list scores 0 there), optionally
 * decayed by age for dated memories ({@code 0.5^(age / halfLife)}), and optionally re-ordered for diversity by
 * maximal marginal relevance. Relative (min-max) normalisation of the vector scores was measured to lose hits that
 * only full text found: see docs/benchmarks.md.
 */
public final class HybridRanker {
    private static final double DAY_MS = 86_400_000d;

    private final double textWeight;
    private final double vectorWeight;
    private final double halfLifeDays;

    /**
     * @param textWeight   weight of the text score
     * @param vectorWeight weight of the vector score
     * @param halfLifeDays age at which a dated memory's score halves; 0 turns recency decay off
     */
    public HybridRanker(double textWeight, double vectorWeight, double halfLifeDays) {
        if (textWeight < 0 || vectorWeight < 0 || textWeight + vectorWeight <= 0) {
            throw new IllegalArgumentException("textWeight and vectorWeight must not be negative nor both 0");
        }
        double sum = textWeight + vectorWeight;
        this.textWeight = textWeight / sum;
        this.vectorWeight = vectorWeight / sum;
        this.halfLifeDays = Math.max(0, halfLifeDays);
    }

    /**
     * Scores and sorts candidates. With only one kind of score present (text or semantic search) that score alone
     * decides.
     *
     * @param candidates the merged candidates of both lists
     * @param useText    whether text scores count
     * @param useVector  whether vector scores count
     * @param nowMs      the current time, for recency decay
     * @return the candidates, best first
     */
    public List<Scored> rank(List<Candidate> candidates, boolean useText, boolean useVector, long nowMs) {
        double[] t = relativeToMax(candidates);
        double[] v = new double[candidates.size()];
        for (int i = 0; i < v.length; i++) {
            double x = candidates.get(i).vectorRaw();
            v[i] = Double.isNaN(x) ? 0 : Math.max(0, Math.min(1, x));
        }
        double wt = useText && useVector ? textWeight : useText ? 1 : 0;
        double wv = useText && useVector ? vectorWeight : useVector ? 1 : 0;
        List<Scored> out = new ArrayList<>(candidates.size());
        for (int i = 0; i < candidates.size(); i++) {
            Candidate c = candidates.get(i);
            double score = wt * t[i] + wv * v[i];
            out.add(new Scored(c, score * decay(c, nowMs), t[i], v[i]));
        }
        out.sort(Comparator.comparingDouble(Scored::score).reversed());
        return out;
    }

    /** @return the recency factor of a candidate, 1 when decay is off or the memory is not dated */
    double decay(Candidate c, long nowMs) {
        if (halfLifeDays <= 0 || !c.dated()) {
            return 1;
        }
        double ageDays = Math.max(0, nowMs - c.createdMs()) / DAY_MS;
        return Math.pow(0.5, ageDays / halfLifeDays);
    }

    private static double[] relativeToMax(List<Candidate> candidates) {
        double max = 0;
        for (Candidate c : candidates) {
            if (!Double.isNaN(c.textRaw())) {
                max = Math.max(max, c.textRaw());
            }
        }
        double[] out = new double[candidates.size()];
        for (int i = 0; i < out.length; i++) {
            double x = candidates.get(i).textRaw();
            out[i] = Double.isNaN(x) || max <= 0 ? 0 : x / max;
        }
        return out;
    }

    /**
     * Maximal marginal relevance: repeatedly picks the candidate maximising
     * {@code lambda * score - (1 - lambda) * max similarity to those already picked}.
     *
     * @param ranked     candidates, best first
     * @param limit      how many to pick
     * @param lambda     1 = relevance only, 0 = diversity only
     * @param similarity similarity of two candidates, 0..1
     * @return the picked candidates in pick order
     */
    public static List<Scored> mmr(List<Scored> ranked, int limit, double lambda,
            BiFunction<Scored, Scored, Double> similarity) {
        List<Scored> pool = new ArrayList<>(ranked);
        List<Scored> picked = new ArrayList<>(Math.min(limit, pool.size()));
        double top = pool.isEmpty() ? 1 : Math.max(1e-9, pool.get(0).score());
        while (!pool.isEmpty() && picked.size() < limit) {
            int best = 0;
            double bestValue = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < pool.size(); i++) {
                Scored c = pool.get(i);
                double maxSim = 0;
                for (Scored p : picked) {
                    maxSim = Math.max(maxSim, similarity.apply(c, p));
                }
                double value = lambda * (c.score() / top) - (1 - lambda) * maxSim;
                if (value > bestValue) {
                    bestValue = value;
                    best = i;
                }
            }
            picked.add(pool.remove(best));
        }
        return picked;
    }
}
