package dev.dx.memory.internal;

import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import dev.dx.api.memory.Embedder;
import dev.dx.api.memory.EmbeddingException;

/**
 * A small, deterministic embedder for tests and the benchmark's bulk index: every word gets a fixed pseudo-random
 * direction, a text is the normalised sum of its words' directions (a random projection of its bag of words). Texts
 * sharing words are close; it knows no synonyms, which is what the real model is for.
 */
public final class HashingEmbedder implements Embedder {
    private final String id;
    private final int dimension;
    private final AtomicInteger texts = new AtomicInteger();
    private volatile String failure;

    public HashingEmbedder(String id, int dimension) {
        this.id = id;
        this.dimension = dimension;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    /** Makes every following call fail with this message; {@code null} heals it. */
    public void failWith(String message) {
        failure = message;
    }

    /** @return how many texts were embedded so far */
    public int texts() {
        return texts.get();
    }

    @Override
    public float[][] embed(List<String> in) throws EmbeddingException {
        if (failure != null) {
            throw new EmbeddingException(failure);
        }
        float[][] out = new float[in.size()][];
        for (int i = 0; i < in.size(); i++) {
            out[i] = vector(in.get(i));
        }
        texts.addAndGet(in.size());
        return out;
    }

    public float[] vector(String text) {
        float[] v = new float[dimension];
        for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (w.isEmpty()) {
                continue;
            }
            Random r = new Random(w.hashCode() * 31L + 17);
            for (int d = 0; d < dimension; d++) {
                v[d] += (float) r.nextGaussian();
            }
        }
        double n = 0;
        for (float x : v) {
            n += x * x;
        }
        n = Math.sqrt(n);
        for (int d = 0; d < dimension && n > 0; d++) {
            v[d] /= n;
        }
        return v;
    }
}
