package dev.dx.plugin.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.dx.api.net.SafeHttp;
import dev.dx.api.net.SafeHttpRequest;
import dev.dx.api.net.SafeHttpResponse;
import dev.dx.api.plugin.Deadline;
import dev.dx.api.rpc.ErrorCode;
import dev.dx.api.rpc.RpcException;

/**
 * A plugin's HTTP request, JSON in and JSON out. The host is checked against the plugin's allowlist before anything
 * else; {@link SafeHttp} then refuses private addresses and re-checks the allowlist on every redirect. Failures are
 * answered as {@code {"error": {"code", "message"}}} so the plugin can handle them.
 */
final class PluginHttp {
    static final long DEFAULT_MAX_BYTES = 1 << 20;
    static final long MAX_BYTES = 4 << 20;

    private PluginHttp() {
    }

    static String request(String id, String json, Deadline deadline, List<String> hosts, SafeHttp http) {
        JsonNode r;
        try {
            r = Envelopes.read(json, "dx_http_request");
        } catch (RuntimeException e) {
            return error("INVALID", "the request is not a JSON object");
        }
        URI uri;
        try {
            uri = URI.create(r.path("url").asText(""));
        } catch (IllegalArgumentException e) {
            return error("INVALID", "url is not a valid URI");
        }
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (hosts.isEmpty()) {
            return error("DENIED", "plugin '" + id + "' has no network permission: add permissions.network.hosts "
                    + "to its manifest and grant it");
        }
        if (host.isEmpty() || hosts.stream().noneMatch(h -> Permissions.hostCovers(h, host))) {
            return error("DENIED", "plugin '" + id + "' may not reach " + (host.isEmpty() ? uri : host)
                    + "; its hosts: " + String.join(", ", hosts));
        }
        if (http == null) {
            return error("UNAVAILABLE", "outbound HTTP is not available: install the dx-tools feature, which provides "
                    + "DX's guarded HTTP client");
        }
        long left = deadline.remaining().toMillis() - 50;
        if (left <= 0) {
            return error("TIMEOUT", "no time left in this call for an HTTP request");
        }
        long timeout = Math.min(left, r.path("timeoutMs").asLong(30_000));
        long max = Math.min(MAX_BYTES, r.path("maxBytes").asLong(DEFAULT_MAX_BYTES));
        try {
            Map<String, String> headers = new LinkedHashMap<>();
            r.path("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
            byte[] body = r.hasNonNull("bodyBase64") ? Base64.getDecoder().decode(r.get("bodyBase64").asText())
                    : r.hasNonNull("body") ? r.get("body").asText().getBytes(StandardCharsets.UTF_8) : null;
            SafeHttpResponse resp = http.fetch(new SafeHttpRequest(r.path("method").asText("GET").toUpperCase(Locale.ROOT),
                    uri, headers, body, hosts, Duration.ofMillis(timeout), max));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("status", resp.status());
            Map<String, String> h = new LinkedHashMap<>();
            resp.headers().forEach((k, v) -> h.put(k, String.join(", ", v)));
            out.put("headers", h);
            out.put("body", new String(resp.body(), StandardCharsets.UTF_8));
            out.put("truncated", resp.truncated());
            out.put("url", String.valueOf(resp.finalUri()));
            return Envelopes.write(out);
        } catch (RpcException e) {
            return error(e.error() == ErrorCode.FORBIDDEN ? "DENIED" : e.error() == ErrorCode.TIMEOUT ? "TIMEOUT"
                    : e.error() == ErrorCode.INVALID_PARAMS ? "INVALID" : "UNAVAILABLE", e.getMessage());
        } catch (IllegalArgumentException e) {
            return error("INVALID", e.getMessage());
        }
    }

    static String error(String code, String message) {
        return Envelopes.write(Map.of("error", Map.of("code", code, "message", message)));
    }
}
