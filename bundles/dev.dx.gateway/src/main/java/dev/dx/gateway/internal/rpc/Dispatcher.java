package dev.dx.gateway.internal.rpc;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.dx.api.rpc.ErrorCode;
import dev.dx.api.rpc.RpcException;
import dev.dx.gateway.internal.GatewayConfig;
import dev.dx.gateway.internal.json.JsonCodec;
import dev.dx.gateway.internal.metrics.GatewayMetrics;
import dev.dx.util.concurrent.Handoff;

/**
 * JSON-RPC 2.0 to the letter: validates requests and batches, checks scopes, runs methods (asynchronously for
 * WebSocket so responses may come out of order), and turns every failure into a proper error object. Unexpected
 * failures are logged with a reference the caller sees; their details never leave the gateway.
 */
@Component(service = Dispatcher.class, configurationPid = GatewayConfig.PID)
@Designate(ocd = GatewayConfig.class)
public final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    @Reference
    private MethodRegistry registry;
    @Reference
    private GatewayMetrics metrics;

    private volatile JsonCodec codec;
    private volatile int maxBatch;
    private volatile int maxMessageBytes;
    private volatile long methodTimeoutMs;
    private ThreadPoolExecutor executor;

    @Activate
    void activate(GatewayConfig config) {
        AtomicInteger n = new AtomicInteger();
        executor = new ThreadPoolExecutor(config.workerThreads(), config.workerThreads(), 60, TimeUnit.SECONDS,
                Handoff.queue(8192), r -> {
                    Thread t = new Thread(r, "dx-gateway-worker-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        executor.allowCoreThreadTimeOut(true);
        modified(config);
    }

    @Modified
    void modified(GatewayConfig config) {
        codec = new JsonCodec(config.maxJsonDepth(), config.maxMessageBytes(), config.maxJsonTokens());
        maxBatch = config.maxBatchSize();
        maxMessageBytes = config.maxMessageBytes();
        methodTimeoutMs = config.methodTimeoutMs();
        if (executor.getMaximumPoolSize() != config.workerThreads()) {
            if (config.workerThreads() > executor.getMaximumPoolSize()) {
                executor.setMaximumPoolSize(config.workerThreads());
                executor.setCorePoolSize(config.workerThreads());
            } else {
                executor.setCorePoolSize(config.workerThreads());
                executor.setMaximumPoolSize(config.workerThreads());
            }
        }
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        executor.shutdown();
        if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
            executor.shutdownNow();
        }
    }

    /** @return the largest request accepted, in bytes */
    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    /** @return how long a method may take before the call fails with TIMEOUT */
    public long methodTimeoutMs() {
        return methodTimeoutMs;
    }

    /** @return the JSON codec with the configured limits */
    public JsonCodec codec() {
        return codec;
    }

    /**
     * Handles a request or batch on the calling thread (methods that return a stage complete later).
     *
     * @return the response text, or {@code null} when nothing is to be sent (notifications only)
     */
    public CompletableFuture<String> dispatch(GatewayCaller caller, JsonNode doc) {
        if (!doc.isArray()) {
            return one(caller, doc);
        }
        if (doc.isEmpty()) {
            return CompletableFuture.completedFuture(error("null", new RpcException(ErrorCode.INVALID_REQUEST,
                    "Invalid request: the batch is empty; send at least one request")));
        }
        if (doc.size() > maxBatch) {
            return CompletableFuture.completedFuture(error("null", new RpcException(ErrorCode.INVALID_REQUEST,
                    "Invalid request: a batch of " + doc.size() + " exceeds the limit of " + maxBatch
                            + " requests; split it")));
        }
        List<CompletableFuture<String>> parts = new ArrayList<>(doc.size());
        for (JsonNode r : doc) {
            parts.add(one(caller, r));
        }
        return CompletableFuture.allOf(parts.toArray(new CompletableFuture<?>[0])).thenApply(v -> {
            StringBuilder sb = new StringBuilder().append('[');
            for (CompletableFuture<String> p : parts) {
                String s = p.join();
                if (s != null) {
                    sb.append(sb.length() > 1 ? "," : "").append(s);
                }
            }
            return sb.length() == 1 ? null : sb.append(']').toString();
        });
    }

    /** Like {@link #dispatch} but runs the methods on the gateway's workers, so the caller's thread is free at once. */
    public CompletableFuture<String> dispatchAsync(GatewayCaller caller, JsonNode doc) {
        try {
            return CompletableFuture.supplyAsync(() -> dispatch(caller, doc), executor).thenCompose(f -> f);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(error(idOf(doc), new RpcException(ErrorCode.UNAVAILABLE,
                    "The gateway is too busy to take this request; retry shortly", 1000, null)));
        }
    }

    /** Renders an error response for a request that never reached a method (parse errors, limits). */
    public String error(String idJson, RpcException e) {
        ObjectNode err = codec.mapper().createObjectNode();
        err.put("code", e.error().code());
        err.put("message", e.getMessage());
        ObjectNode data = err.putObject("data");
        data.put("code", e.error().name());
        if (e.retryAfterMs() >= 0) {
            data.put("retryAfterMs", e.retryAfterMs());
        }
        return "{\"jsonrpc\":\"2.0\",\"id\":" + idJson + ",\"error\":" + err + "}";
    }

    /** @return the JSON text of a request's id, {@code "null"} if it has none or is not a request */
    public static String idOf(JsonNode req) {
        JsonNode id = req != null && req.isObject() ? req.get("id") : null;
        return id != null && (id.isTextual() || id.isNumber()) ? id.toString() : "null";
    }

    private CompletableFuture<String> one(GatewayCaller caller, JsonNode req) {
        if (!req.isObject()) {
            return done(error("null", new RpcException(ErrorCode.INVALID_REQUEST,
                    "Invalid request: expected a JSON-RPC 2.0 request object")));
        }
        JsonNode id = req.get("id");
        if (id != null && !(id.isTextual() || id.isNumber() || id.isNull())) {
            return done(error("null", new RpcException(ErrorCode.INVALID_REQUEST,
                    "Invalid request: id must be a string, a number or null")));
        }
        String idJson = id == null ? "null" : id.toString();
        JsonNode version = req.get("jsonrpc");
        if (version == null || !version.isTextual() || !"2.0".equals(version.asText())) {
            return done(error(idJson, new RpcException(ErrorCode.INVALID_REQUEST,
                    "Invalid request: \"jsonrpc\" must be \"2.0\"")));
        }
        JsonNode m = req.get("method");
        if (m == null || !m.isTextual() || m.asText().isEmpty()) {
            return done(error(idJson, new RpcException(ErrorCode.INVALID_REQUEST,
                    "Invalid request: \"method\" must be a non-empty string")));
        }
        JsonNode params = req.get("params");
        if (params != null && !params.isObject() && !params.isArray()) {
            return done(error(idJson, new RpcException(ErrorCode.INVALID_REQUEST,
                    "Invalid request: \"params\" must be an object or an array when present")));
        }
        boolean notification = id == null;
        String name = m.asText();
        long start = System.nanoTime();
        MethodEntry entry = registry.get(name);
        CompletableFuture<Object> result;
        if (entry == null) {
            result = CompletableFuture.failedFuture(new RpcException(ErrorCode.METHOD_NOT_FOUND,
                    "Method '" + name + "' not found; methods.list shows the available ones"));
        } else if (!caller.has(entry.scope())) {
            result = CompletableFuture.failedFuture(new RpcException(ErrorCode.FORBIDDEN,
                    "Method '" + name + "' needs the '" + entry.scope().id() + "' scope, which this connection "
                            + "was not granted"));
        } else {
            result = invoke(entry, new CallContext(name, caller, params, codec));
        }
        String metricName = entry == null ? "unknown" : name;
        return result.handle((value, failure) -> {
            if (failure != null && entry != null && registry.get(name) != entry) {
                // the providing bundle went away while the call ran: not a bug in the method, just bad timing
                failure = new RpcException(ErrorCode.UNAVAILABLE, "Method '" + name + "' was removed while it ran; "
                        + "retry, or check methods.list", 1000, failure);
            }
            String outcome = "ok";
            String response = null;
            if (failure == null) {
                try {
                    response = notification ? null : "{\"jsonrpc\":\"2.0\",\"id\":" + idJson + ",\"result\":"
                            + codec.mapper().writeValueAsString(value) + "}";
                } catch (JsonProcessingException e) {
                    failure = e;
                }
            }
            if (failure != null) {
                RpcException e = toRpc(name, failure);
                outcome = e.error().name();
                response = notification ? null : error(idJson, e);
            }
            metrics.call(metricName, outcome, System.nanoTime() - start);
            return response;
        });
    }

    private CompletableFuture<Object> invoke(MethodEntry entry, CallContext ctx) {
        try {
            Object r = entry.method().get().call(ctx);
            if (r instanceof CompletionStage) {
                return ((CompletionStage<?>) r).toCompletableFuture().thenApply(x -> (Object) x)
                        .orTimeout(methodTimeoutMs, TimeUnit.MILLISECONDS);
            }
            return CompletableFuture.completedFuture(r);
        } catch (Throwable t) {
            return CompletableFuture.failedFuture(t);
        }
    }

    private RpcException toRpc(String method, Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof RpcException) {
            RpcException e = (RpcException) t;
            if (e.getCause() != null) {
                LOG.debug("Method {} failed: {}", method, e.getMessage(), e.getCause());
            }
            return e;
        }
        if (t instanceof TimeoutException) {
            return new RpcException(ErrorCode.TIMEOUT, "Method '" + method + "' did not answer within "
                    + methodTimeoutMs + " ms");
        }
        String ref = UUID.randomUUID().toString().substring(0, 8);
        LOG.warn("Method {} failed unexpectedly (ref {})", method, ref, t);
        return new RpcException(ErrorCode.INTERNAL_ERROR, "Internal error in '" + method + "' (ref " + ref
                + "); the gateway log has the details");
    }

    private static CompletableFuture<String> done(String s) {
        return CompletableFuture.completedFuture(s);
    }
}
