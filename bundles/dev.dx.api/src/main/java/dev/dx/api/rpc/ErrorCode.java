package dev.dx.api.rpc;

/**
 * The errors a DX call can end with. The JSON-RPC 2.0 codes come first; DX's own live in -32000..-32099 and carry a
 * stable string ({@link #name()}) in {@code error.data.code} that clients can switch on.
 *
 * @since 0.1
 */
public enum ErrorCode {
    /** The request was not valid JSON. */
    PARSE_ERROR(-32700),
    /** The JSON was not a valid request object (or an empty batch, or a batch over the cap). */
    INVALID_REQUEST(-32600),
    /** No method of that name is registered now. */
    METHOD_NOT_FOUND(-32601),
    /** The parameters have the wrong shape, type or value. */
    INVALID_PARAMS(-32602),
    /** An unexpected failure inside the gateway or a method; details go to the log, never to the caller. */
    INTERNAL_ERROR(-32603),
    /** No credential, or a wrong one. */
    UNAUTHORIZED(-32001),
    /** The caller's scopes do not cover the method. */
    FORBIDDEN(-32002),
    /** Too many requests or failed logins; {@code retryAfterMs} says when to try again. */
    RATE_LIMITED(-32003),
    /** The thing named does not exist. */
    NOT_FOUND(-32004),
    /** The change conflicts with the current state (a stale hash, a duplicate name). */
    CONFLICT(-32005),
    /** The request or a value in it is larger than allowed. */
    TOO_LARGE(-32006),
    /** The service that would answer is not available now (stopping, locked, not configured). */
    UNAVAILABLE(-32007),
    /** The operation did not finish within its deadline. */
    TIMEOUT(-32008);

    private final int code;

    ErrorCode(int code) {
        this.code = code;
    }

    /** @return the numeric JSON-RPC {@code error.code} */
    public int code() {
        return code;
    }
}
