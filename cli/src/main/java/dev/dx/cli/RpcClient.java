package dev.dx.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One JSON-RPC 2.0 call over {@code POST /rpc} with the bearer token. A result comes back as JSON; everything else
 * becomes a {@link CliException}: a JSON-RPC error (or an HTTP refusal, which carries the same error body) exits 1,
 * not reaching DX exits 2.
 */
final class RpcClient {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    // the gateway ends any call after its method timeout (default 300 s); wait a little longer than that
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(330);

    private final Endpoint endpoint;
    private final Token token;
    private final ObjectMapper json;
    private final HttpClient http;

    RpcClient(Endpoint endpoint, Token token, ObjectMapper json) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint must not be null");
        this.token = Objects.requireNonNull(token, "token must not be null");
        this.json = Objects.requireNonNull(json, "json must not be null");
        // HTTP/1.1: no h2c upgrade attempt, which the gateway does not need and some proxies mishandle
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * Calls a method.
     *
     * @param method the method name
     * @param params the parameters, or {@code null} for none
     * @return the result, or {@code null} when the gateway answered 204 (nothing to show)
     * @throws CliException exit 1 for a JSON-RPC error, exit 2 when DX cannot be reached or is not DX
     */
    JsonNode call(String method, JsonNode params) throws CliException {
        ObjectNode request = json.createObjectNode().put("jsonrpc", "2.0").put("id", 1).put("method", method);
        if (params != null) {
            request.set("params", params);
        }
        HttpResponse<String> response = send(request);
        if (response.statusCode() == 204) {
            return null;
        }
        JsonNode body = parse(response);
        JsonNode error = body.get("error");
        if (error != null && error.isObject()) {
            throw new CliException(CliException.RPC_ERROR, Formatter.error(error) + hint(error));
        }
        if (response.statusCode() != 200 || !body.has("result")) {
            throw unexpected(response);
        }
        return body.get("result");
    }

    private HttpResponse<String> send(ObjectNode request) throws CliException {
        HttpRequest httpRequest;
        try {
            httpRequest = HttpRequest.newBuilder(endpoint.rpc())
                    .timeout(REQUEST_TIMEOUT)
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .header("Authorization", "Bearer " + token.value())
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(request)))
                    .build();
        } catch (JsonProcessingException e) {
            throw new CliException(CliException.USAGE, "cannot encode the request: " + e.getOriginalMessage(), e);
        }
        try {
            return http.send(httpRequest, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new CliException(CliException.USAGE, "DX is not running at " + endpoint
                    + " — start it with ./dx", e);
        } catch (HttpConnectTimeoutException e) {
            throw new CliException(CliException.USAGE, "DX at " + endpoint + " did not accept the connection within "
                    + CONNECT_TIMEOUT.toSeconds() + " s; check the address (--url) and that DX is running", e);
        } catch (HttpTimeoutException e) {
            throw new CliException(CliException.USAGE, "DX at " + endpoint + " did not answer within "
                    + REQUEST_TIMEOUT.toSeconds() + " s", e);
        } catch (IOException e) {
            throw new CliException(CliException.USAGE, "cannot talk to DX at " + endpoint + ": "
                    + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(CliException.USAGE, "interrupted while waiting for DX at " + endpoint, e);
        }
    }

    private JsonNode parse(HttpResponse<String> response) throws CliException {
        try {
            JsonNode body = json.readTree(response.body());
            if (body != null && body.isObject()) {
                return body;
            }
        } catch (JsonProcessingException e) {
            // not JSON: reported below as not a DX answer
        }
        throw unexpected(response);
    }

    private CliException unexpected(HttpResponse<String> response) {
        return new CliException(CliException.USAGE, "unexpected answer from " + endpoint.rpc() + " (HTTP "
                + response.statusCode() + "); is this a DX gateway? Check --url or etc/dev.dx.gateway.cfg");
    }

    private String hint(JsonNode error) {
        if ("UNAUTHORIZED".equals(error.path("data").path("code").asText())) {
            return System.lineSeparator() + "The token came from " + token.source()
                    + "; 'dx token' tells where DX keeps the current one.";
        }
        return "";
    }
}
