package dev.dx.bench;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.databind.JsonNode;

/** The gateway's own view through {@code status} over {@code POST /rpc}: heap in use, open WebSockets, versions. */
final class GatewayStatus implements Closeable {
    private final HttpRpcClient http;
    private long nextId;

    GatewayStatus(Target target) {
        this.http = new HttpRpcClient(target);
    }

    /** @return the {@code result} of {@code status} */
    synchronized JsonNode status() throws IOException {
        String answer = http.call("{\"jsonrpc\":\"2.0\",\"id\":" + (++nextId) + ",\"method\":\"status\"}");
        JsonNode doc = WsClient.JSON.readTree(answer);
        if (!doc.has("result")) {
            throw new IOException("status failed: " + doc.path("error").path("message").asText(answer));
        }
        return doc.get("result");
    }

    long heapUsedBytes() throws IOException {
        return status().path("jvm").path("heapUsedBytes").asLong(-1);
    }

    /**
     * Waits until the gateway counts at most {@code atMost} open WebSockets, so the next scenario gets the
     * per-address slots the previous one used.
     *
     * @throws IOException if more stay open past {@code timeout}
     */
    void awaitConnections(int atMost, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int open;
        while ((open = status().path("gateway").path("connections").asInt(-1)) > atMost || open < 0) {
            if (System.nanoTime() - deadline > 0) {
                throw new IOException("The gateway still counts " + open + " WebSocket connections (expected at most " + atMost + ") after " + timeout);
            }
            // A poll interval, not a guess at how long the gateway needs: the loop ends on the condition.
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
