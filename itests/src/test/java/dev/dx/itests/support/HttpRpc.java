package dev.dx.itests.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** POSTs to /rpc (and GETs other paths) over real HTTP with keep-alive. */
public final class HttpRpc {
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String host;
    private final int port;

    /** A response: status, headers and body. */
    public record Reply(int status, HttpResponse<String> raw) {
        Reply withStatus() {
            return new Reply(raw.statusCode(), raw);
        }

        public String body() {
            return raw.body();
        }

        public JsonNode json() throws IOException {
            return WsTestClient.JSON.readTree(raw.body());
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    public HttpRpc(int port) {
        this("127.0.0.1", port);
    }

    /** A client for a gateway listening on another loopback address. */
    public HttpRpc(String host, int port) {
        this.host = host;
        this.port = port;
    }

    public Reply post(String path, String body, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return new Reply(0, client.send(b.build(), HttpResponse.BodyHandlers.ofString())).withStatus();
    }

    public Reply get(String path, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path))
                .timeout(Duration.ofSeconds(30)).GET();
        headers.forEach(b::header);
        return new Reply(0, client.send(b.build(), HttpResponse.BodyHandlers.ofString())).withStatus();
    }

    /** Calls a method with a bearer token and returns the JSON-RPC response. */
    public JsonNode call(String token, String method, Object params) throws IOException, InterruptedException {
        String body = WsTestClient.JSON.writeValueAsString(params == null
                ? Map.of("jsonrpc", "2.0", "id", 1, "method", method)
                : Map.of("jsonrpc", "2.0", "id", 1, "method", method, "params", params));
        Reply r = post("/rpc", body, Map.of("Authorization", "Bearer " + token));
        if (r.status() != 200) {
            throw new IOException("HTTP " + r.status() + ": " + r.body());
        }
        return r.json();
    }
}
