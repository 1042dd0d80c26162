package dev.dx.api.net;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A request on behalf of an untrusted caller.
 *
 * @param method       GET, POST, PUT, DELETE, HEAD or PATCH
 * @param uri          an http or https URI
 * @param headers      request headers (hop-by-hop and Host headers are refused)
 * @param body         the body, or {@code null}
 * @param allowedHosts host names the caller may reach (exact, or {@code *.example.com}); empty: any public host
 * @param timeout      the whole exchange's deadline, redirects included
 * @param maxBytes     the most response body bytes returned (after decompression)
 * @since 0.1
 */
public record SafeHttpRequest(String method, URI uri, Map<String, String> headers, byte[] body,
        List<String> allowedHosts, Duration timeout, long maxBytes) {
    /** Normalises nulls. */
    public SafeHttpRequest {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
        timeout = timeout == null ? Duration.ofSeconds(30) : timeout;
    }

    /** @return a GET with default limits */
    public static SafeHttpRequest get(URI uri) {
        return new SafeHttpRequest("GET", uri, Map.of(), null, List.of(), Duration.ofSeconds(30), 2L << 20);
    }
}
