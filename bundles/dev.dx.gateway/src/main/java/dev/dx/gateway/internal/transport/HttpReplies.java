package dev.dx.gateway.internal.transport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import javax.servlet.http.HttpServletResponse;

import dev.dx.api.rpc.RpcException;
import dev.dx.gateway.internal.rpc.Dispatcher;

/** HTTP answers in one shape: a JSON-RPC error body, the status that fits, Retry-After where it applies. */
final class HttpReplies {
    private HttpReplies() {
    }

    static void refuse(HttpServletResponse resp, Dispatcher dispatcher, Admission a) throws IOException {
        error(resp, dispatcher, a.status(), new RpcException(a.code(), a.message(), a.retryAfterMs(), null));
    }

    static void error(HttpServletResponse resp, Dispatcher dispatcher, int status, RpcException e) throws IOException {
        if (e.retryAfterMs() > 0) {
            resp.setHeader("Retry-After", Long.toString((e.retryAfterMs() + 999) / 1000));
        }
        if (status == HttpServletResponse.SC_UNAUTHORIZED) {
            resp.setHeader("WWW-Authenticate", "Bearer realm=\"dx\"");
        }
        json(resp, status, dispatcher.error("null", e));
    }

    static void json(HttpServletResponse resp, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }
}
