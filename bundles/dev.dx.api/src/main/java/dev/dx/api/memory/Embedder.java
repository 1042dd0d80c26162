package dev.dx.api.memory;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Turns text into vectors for semantic search. Register it as a service; the memory uses the one whose
 * {@link #id()} its configuration names ({@code embedder} in {@code dev.dx.memory}) and re-embeds everything in the
 * background when that embedder, its model or its dimension changes.
 *
 * @since 0.1
 */
@ConsumerType
public interface Embedder {
    /** @return a stable id the configuration refers to, e.g. {@code "local-minilm"} */
    String id();

    /** @return the length of every vector {@link #embed} returns */
    int dimension();

    /**
     * @return the model behind the vectors; vectors from different models are not comparable, so a change of model
     *         (like a change of id or dimension) makes the memory recompute every stored vector
     */
    default String model() {
        return id();
    }

    /**
     * Embeds texts. Called from background threads and from searches; may block (a model run, an HTTP call) and must
     * be safe to call concurrently. Long texts may be truncated or windowed by the embedder.
     *
     * @param texts the texts, at least one
     * @return one vector of {@link #dimension()} floats per text, in the same order
     * @throws EmbeddingException if the texts cannot be embedded now (the memory retries later)
     */
    float[][] embed(List<String> texts) throws EmbeddingException;
}
