package dev.dx.testsupport.fakemodel;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A request the {@link FakeModelServer} received, for assertions.
 *
 * @since 0.1
 */
public final class RecordedRequest {
    /** How the exchange ended. */
    public enum Outcome {
        /** The reply was written completely. */
        COMPLETED,
        /** The script cut the stream ({@link Reply#cutAfter(int)}). */
        CUT,
        /** The client closed the connection before the reply was complete. */
        CLIENT_CLOSED
    }

    private final String method;
    private final String path;
    private final Map<String, List<String>> headers;
    private final byte[] body;
    private final Map<String, Object> json;
    private final long receivedAtNanos;
    private final int connection;
    private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();

    RecordedRequest(String method, String path, Map<String, List<String>> headers, byte[] body,
            Map<String, Object> json, long receivedAtNanos, int connection) {
        this.method = method;
        this.path = path;
        this.headers = headers;
        this.body = body;
        this.json = json;
        this.receivedAtNanos = receivedAtNanos;
        this.connection = connection;
    }

    public String method() {
        return method;
    }

    /** @return the request target without the query */
    public String path() {
        return path;
    }

    /** @return every header, names in lower case */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** @return the first value of a header (any case), or {@code null} */
    public String header(String name) {
        List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** @return the body as UTF-8 text */
    public String body() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** @return the body parsed as a JSON object (maps, lists, strings, numbers, booleans), or {@code null} */
    public Map<String, Object> json() {
        return json;
    }

    /** @return {@link System#nanoTime()} when the request was read completely */
    public long receivedAtNanos() {
        return receivedAtNanos;
    }

    /** @return the number of the connection it came on (1 for the first accepted), to check keep-alive */
    public int connection() {
        return connection;
    }

    /** @return completes when the exchange is over */
    public CompletableFuture<Outcome> outcome() {
        return outcome;
    }

    void finish(Outcome o) {
        outcome.complete(o);
    }

    @Override
    public String toString() {
        return method + " " + path + " (" + body.length + " bytes, connection " + connection + ")";
    }
}
