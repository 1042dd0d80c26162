package dev.dx.api.net;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * A response.
 *
 * @param status    the HTTP status
 * @param headers   response headers, names in lower case
 * @param body      the (decompressed) body, at most the requested number of bytes
 * @param finalUri  where the response came from after redirects
 * @param truncated whether the body was cut at the limit
 * @since 0.1
 */
public record SafeHttpResponse(int status, Map<String, List<String>> headers, byte[] body, URI finalUri,
        boolean truncated) {
}
