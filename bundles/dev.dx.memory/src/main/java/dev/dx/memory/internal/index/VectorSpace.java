package dev.dx.memory.internal.index;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The space vectors live in: which embedder, model and dimension made them. Vectors of different spaces are never
 * compared; each space has its own vector field, so a new space can be filled while the old one still exists.
 *
 * @param id        {@code embedder|model|dimension}
 * @param dimension the vector length
 * @param field     the Lucene field holding vectors of this space
 */
public record VectorSpace(String id, int dimension, String field) {

    /**
     * @param embedder  the embedder id
     * @param model     its model
     * @param dimension its dimension
     * @return the space
     */
    public static VectorSpace of(String embedder, String model, int dimension) {
        String id = embedder + "|" + model + "|" + dimension;
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return new VectorSpace(id, dimension, "v_" + HexFormat.of().formatHex(h, 0, 6));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
