package dev.dx.api.model;

import dev.dx.api.rpc.ErrorCode;
import dev.dx.api.rpc.RpcException;

/**
 * A model call that failed. {@link #failover()} says whether another model may be tried for this turn (rate limits,
 * overload, server errors, timeouts) or whether that would fail the same way (bad request, authentication, content
 * refused).
 *
 * @since 0.1
 */
public class ModelException extends RpcException {
    private static final long serialVersionUID = 1L;
    private final boolean failover;
    private final int httpStatus;

    /**
     * @param error      the error code callers see
     * @param message    what went wrong and what to do — never an API key or a prompt
     * @param failover   whether another model may succeed
     * @param httpStatus the provider's HTTP status, or 0
     * @param cause      the underlying failure, or {@code null}
     */
    public ModelException(ErrorCode error, String message, boolean failover, int httpStatus, Throwable cause) {
        super(error, message, cause);
        this.failover = failover;
        this.httpStatus = httpStatus;
    }

    public boolean failover() {
        return failover;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
