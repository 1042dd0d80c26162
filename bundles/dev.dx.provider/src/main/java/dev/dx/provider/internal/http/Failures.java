package dev.dx.provider.internal.http;

import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.dx.api.model.ModelException;
import dev.dx.api.rpc.ErrorCode;
import dev.dx.provider.internal.ProviderSettings;

/**
 * Turns what went wrong into a {@link ModelException} a user can act on: the code, whether failing over may help, and
 * a message naming the provider and what to check — never the API key, a prompt or a completion.
 */
final class Failures {
    private static final Pattern KEYLIKE = Pattern.compile("(sk|xai|gsk)[-_][A-Za-z0-9*_\\-]{6,}");
    private static final int MAX_MESSAGE = 300;

    private final ProviderSettings settings;
    private final ObjectMapper mapper;

    Failures(ProviderSettings settings, ObjectMapper mapper) {
        this.settings = settings;
        this.mapper = mapper;
    }

    /** @return whether an in-stream error may go away on its own */
    boolean retryable(int status, String code) {
        return RetryPolicy.retryableStatus(status) && !"insufficient_quota".equals(code);
    }

    /** @return the exception for an HTTP error response */
    ModelException fromBody(int status, String body, int attempts) {
        return status(status, errorCode(body), body == null || body.isBlank() ? null : providerMessage(body), attempts);
    }

    /**
     * @param status   the HTTP status (or the one an in-stream error stands for)
     * @param code     the provider's error type or code, or {@code null}
     * @param message  the provider's message, already scrubbed, or {@code null}
     * @param attempts how many attempts were made
     * @return the exception for an HTTP error status
     */
    ModelException status(int status, String code, String message, int attempts) {
        String detail = " (HTTP " + status + (message == null ? "" : ": " + scrub(message)) + ")";
        String who = "provider '" + settings.id() + "'";
        String tries = attempts > 1 ? " after " + attempts + " attempts" : "";
        return switch (status) {
            case 401, 403 -> new ModelException(ErrorCode.UNAVAILABLE, who + " refused the API key" + detail
                    + ": check " + settings.keyHint(), false, status, null);
            case 400, 422 -> new ModelException(ErrorCode.INVALID_PARAMS, who + " refused the request" + detail,
                    false, status, null);
            case 404 -> new ModelException(ErrorCode.NOT_FOUND, who + " does not know the model or endpoint" + detail
                    + ": check the model id and baseUrl " + settings.baseUri(), false, status, null);
            case 413 -> new ModelException(ErrorCode.TOO_LARGE, who + " says the request is too large" + detail,
                    false, status, null);
            case 429 -> "insufficient_quota".equals(code)
                    ? new ModelException(ErrorCode.RATE_LIMITED, who + " has no quota left" + detail
                            + ": check the account's billing", true, status, null)
                    : new ModelException(ErrorCode.RATE_LIMITED, who + " is rate limiting" + tries + detail, true,
                            status, null);
            default -> status >= 500
                    ? new ModelException(ErrorCode.UNAVAILABLE, who + " is overloaded or failing" + tries + detail, true,
                            status, null)
                    : new ModelException(ErrorCode.INVALID_PARAMS, who + " refused the request" + detail, false, status,
                            null);
        };
    }

    ModelException timeout(String what, long ms) {
        return new ModelException(ErrorCode.TIMEOUT, "provider '" + settings.id() + "' " + what + " within " + ms
                + " ms", true, 0, null);
    }

    ModelException unreachable(Throwable cause, int attempts) {
        return new ModelException(ErrorCode.UNAVAILABLE, "cannot reach provider '" + settings.id() + "' at "
                + settings.baseUri() + (attempts > 1 ? " after " + attempts + " attempts" : "") + " ("
                + describe(cause) + ")", true, 0, cause);
    }

    ModelException endedEarly(Throwable cause, int events) {
        return new ModelException(ErrorCode.UNAVAILABLE, "the stream from provider '" + settings.id()
                + "' ended early, after " + events + " events" + (cause == null ? "" : " (" + describe(cause) + ")"),
                true, 0, cause);
    }

    ModelException invalidStream(Throwable cause) {
        return new ModelException(ErrorCode.UNAVAILABLE, "provider '" + settings.id()
                + "' sent a stream DX cannot read (" + describe(cause) + ")", true, 0, cause);
    }

    ModelException cancelled() {
        return new ModelException(ErrorCode.UNAVAILABLE, "the call to provider '" + settings.id() + "' was cancelled",
                false, 0, null);
    }

    ModelException stopped() {
        return new ModelException(ErrorCode.UNAVAILABLE, "provider '" + settings.id()
                + "' was stopped or reconfigured during the call", true, 0, null);
    }

    /** @return the provider's own error message, shortened, with anything key-like removed */
    String providerMessage(String body) {
        String msg = body.strip();
        try {
            JsonNode n = mapper.readTree(body);
            JsonNode m = n.path("error").path("message");
            if (m.isTextual()) {
                msg = m.asText();
            } else if (n.path("message").isTextual()) {
                msg = n.path("message").asText();
            } else if (n.path("error").isTextual()) {
                msg = n.path("error").asText();
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not JSON: use the text
        }
        return scrub(msg);
    }

    String scrub(String text) {
        String s = text;
        String key = settings.apiKey();
        if (key != null && key.length() >= 4) {
            s = s.replace(key, "***");
        }
        s = KEYLIKE.matcher(s).replaceAll("***");
        return s.length() > MAX_MESSAGE ? s.substring(0, MAX_MESSAGE) + "…" : s;
    }

    String errorCode(String body) {
        if (body == null) {
            return null;
        }
        try {
            JsonNode n = mapper.readTree(body).path("error");
            return n.path("code").isTextual() ? n.path("code").asText() : n.path("type").asText(null);
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    private String describe(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return root.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + scrub(m));
    }
}
