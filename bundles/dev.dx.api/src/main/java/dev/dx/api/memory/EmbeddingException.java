package dev.dx.api.memory;

/**
 * An {@link Embedder} could not embed: the model is not available, the remote service failed or answered nonsense.
 * The message says what went wrong and what to do; it never contains a credential.
 *
 * @since 0.1
 */
public class EmbeddingException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong and what to do */
    public EmbeddingException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong and what to do
     * @param cause   the underlying failure
     */
    public EmbeddingException(String message, Throwable cause) {
        super(message, cause);
    }
}
