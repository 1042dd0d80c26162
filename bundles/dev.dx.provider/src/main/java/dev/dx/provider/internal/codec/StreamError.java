package dev.dx.provider.internal.codec;

import java.io.IOException;

/** An error event inside a stream, mapped to the HTTP status the same error would have had as a response. */
public final class StreamError extends IOException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String code;

    public StreamError(int status, String code, String message) {
        super(message == null ? "error" : message);
        this.status = status;
        this.code = code;
    }

    /** @return the equivalent HTTP status */
    public int status() {
        return status;
    }

    /** @return the provider's error type or code, or {@code null} */
    public String code() {
        return code;
    }

    /** @return the HTTP status an Anthropic error type or OpenAI error code stands for */
    public static int statusOf(String type) {
        if (type == null) {
            return 500;
        }
        return switch (type) {
            case "overloaded_error", "server_is_overloaded", "overloaded" -> 529;
            case "rate_limit_error", "rate_limit_exceeded", "insufficient_quota" -> 429;
            case "invalid_request_error", "invalid_prompt", "context_length_exceeded" -> 400;
            case "authentication_error", "invalid_api_key" -> 401;
            case "permission_error" -> 403;
            case "not_found_error", "model_not_found" -> 404;
            case "request_too_large" -> 413;
            default -> 500;
        };
    }
}
