package dev.dx.gateway.internal.transport;

import dev.dx.api.rpc.ErrorCode;
import dev.dx.gateway.internal.auth.Credential;

/**
 * The verdict on an HTTP request (or WebSocket upgrade) before any JSON is read.
 *
 * @param status       the HTTP status to answer with when refused, or 0 when admitted
 * @param code         the error code when refused
 * @param message      the message for the client when refused
 * @param retryAfterMs when a refused client may retry, or -1
 * @param address      the client address
 * @param origin       the browser Origin, or {@code null}
 * @param credential   the credential from the Authorization header, or {@code null}
 */
record Admission(int status, ErrorCode code, String message, long retryAfterMs, String address, String origin,
        Credential credential) {

    boolean admitted() {
        return status == 0;
    }

    String authKey() {
        return dev.dx.gateway.internal.auth.AuthGuard.key(address, origin);
    }

    static Admission refuse(int status, ErrorCode code, String message, long retryAfterMs, String address, String origin) {
        return new Admission(status, code, message, retryAfterMs, address, origin, null);
    }
}
