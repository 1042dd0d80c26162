package dev.dx.agent.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import dev.dx.api.model.ModelCall;

/**
 * One agent run: a user message answered, with every model call and tool call it takes. Runs of one session execute
 * one at a time; later messages wait as follow-ups.
 */
public final class Run {
    /** Where a run is. */
    public enum Status { QUEUED, RUNNING, OK, ERROR, ABORTED }

    private final String id;
    private final String sessionKey;
    private final String routingKey;
    private final String agentId;
    private final String message;
    private final Instant createdAt = Instant.now();
    private final CompletableFuture<Run> done = new CompletableFuture<>();
    private volatile Status status = Status.QUEUED;
    private volatile String text;
    private volatile String errorCode;
    private volatile String errorMessage;
    private volatile boolean abortRequested;
    private volatile ModelCall modelCall;
    private volatile Future<?> toolCall;
    private volatile Consumer<String> watcher;

    Run(String id, String sessionKey, String routingKey, String agentId, String message) {
        this.id = id;
        this.sessionKey = sessionKey;
        this.routingKey = routingKey;
        this.agentId = agentId;
        this.message = message;
    }

    public String id() {
        return id;
    }

    public String sessionKey() {
        return sessionKey;
    }

    public String routingKey() {
        return routingKey;
    }

    public String agentId() {
        return agentId;
    }

    public String message() {
        return message;
    }

    public Status status() {
        return status;
    }

    public CompletableFuture<Run> done() {
        return done;
    }

    /** Lets an in-process client (the console chat) see the answer stream as it arrives. */
    public void watch(Consumer<String> deltas) {
        this.watcher = deltas;
    }

    void streamed(String delta) {
        Consumer<String> w = watcher;
        if (w != null) {
            w.accept(delta);
        }
    }

    boolean abortRequested() {
        return abortRequested;
    }

    void running() {
        status = Status.RUNNING;
    }

    void succeeded(String answer) {
        text = answer;
        status = Status.OK;
        done.complete(this);
    }

    void failed(Status how, String code, String message) {
        errorCode = code;
        errorMessage = message;
        status = how;
        done.complete(this);
    }

    void modelCall(ModelCall call) {
        this.modelCall = call;
        if (abortRequested && call != null) {
            call.cancel();
        }
    }

    void toolCall(Future<?> call) {
        this.toolCall = call;
        if (abortRequested && call != null) {
            call.cancel(true);
        }
    }

    /** Stops the run at its current step: the model call is cancelled, a running tool interrupted. */
    void abort() {
        abortRequested = true;
        ModelCall m = modelCall;
        if (m != null) {
            m.cancel();
        }
        Future<?> t = toolCall;
        if (t != null) {
            t.cancel(true);
        }
    }

    /** @return the run as {@code agent.wait} and {@code chat.send} report it */
    public Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("runId", id);
        m.put("sessionKey", sessionKey);
        m.put("routingKey", routingKey);
        m.put("agentId", agentId);
        m.put("status", status.name().toLowerCase(java.util.Locale.ROOT));
        m.put("createdAt", createdAt.toString());
        if (text != null) {
            m.put("text", text);
        }
        if (errorCode != null) {
            m.put("error", Map.of("code", errorCode, "message", errorMessage));
        }
        return m;
    }
}
