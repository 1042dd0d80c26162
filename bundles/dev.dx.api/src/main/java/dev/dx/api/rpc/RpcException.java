package dev.dx.api.rpc;

import java.util.Objects;

/**
 * The error a DX service or method reports to its caller. The message is shown to the user as it is, so it says what
 * was wrong and what to do next, and never contains a secret, a file system path or a stack trace.
 *
 * @since 0.1
 */
public class RpcException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode error;
    private final long retryAfterMs;

    /**
     * @param error   the error code
     * @param message a message for the caller
     */
    public RpcException(ErrorCode error, String message) {
        this(error, message, -1, null);
    }

    /**
     * @param error   the error code
     * @param message a message for the caller
     * @param cause   the underlying failure, logged but never sent to the caller
     */
    public RpcException(ErrorCode error, String message, Throwable cause) {
        this(error, message, -1, cause);
    }

    /**
     * @param error        the error code
     * @param message      a message for the caller
     * @param retryAfterMs when the caller may try again, or a negative value if that does not apply
     * @param cause        the underlying failure, or {@code null}
     */
    public RpcException(ErrorCode error, String message, long retryAfterMs, Throwable cause) {
        super(Objects.requireNonNull(message, "message must not be null"), cause);
        this.error = Objects.requireNonNull(error, "error must not be null");
        this.retryAfterMs = retryAfterMs;
    }

    /** @return the error code */
    public ErrorCode error() {
        return error;
    }

    /** @return milliseconds until a retry may succeed, or a negative value if not applicable */
    public long retryAfterMs() {
        return retryAfterMs;
    }

    /**
     * Shorthand for {@link ErrorCode#INVALID_PARAMS}.
     *
     * @param message what was wrong with the parameters
     * @return the exception to throw
     */
    public static RpcException invalidParams(String message) {
        return new RpcException(ErrorCode.INVALID_PARAMS, message);
    }

    /**
     * Shorthand for {@link ErrorCode#NOT_FOUND}.
     *
     * @param message what was not found and how to list what exists
     * @return the exception to throw
     */
    public static RpcException notFound(String message) {
        return new RpcException(ErrorCode.NOT_FOUND, message);
    }
}
