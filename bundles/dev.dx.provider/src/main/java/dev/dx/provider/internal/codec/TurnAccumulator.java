package dev.dx.provider.internal.codec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.dx.api.model.ModelListener;
import dev.dx.api.model.ModelResponse;
import dev.dx.api.model.ModelToolCall;

/**
 * Collects one streamed answer, whatever the protocol: passes deltas and complete tool calls to the listener as they
 * arrive and builds the {@link ModelResponse} at the end. Stops delivering once the call is no longer live
 * (cancelled, timed out), so a listener hears nothing after the call failed.
 */
public final class TurnAccumulator {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private final ModelListener listener;
    private final ObjectMapper mapper;
    private final BooleanSupplier live;
    private final StringBuilder text = new StringBuilder();
    private final List<ModelToolCall> toolCalls = new ArrayList<>();
    private String model;
    private long inputTokens;
    private long outputTokens;
    private String stopReason;
    private String providerState;
    private volatile boolean delivered;

    /**
     * @param listener receives the stream
     * @param mapper   parses tool-call arguments
     * @param model    the requested model, reported unless the server names another
     * @param live     whether the call still wants the stream
     */
    public TurnAccumulator(ModelListener listener, ObjectMapper mapper, String model, BooleanSupplier live) {
        this.listener = listener;
        this.mapper = mapper;
        this.model = model;
        this.live = live;
    }

    void text(String delta) {
        if (delta != null && !delta.isEmpty() && live.getAsBoolean()) {
            delivered = true;
            text.append(delta);
            listener.onText(delta);
        }
    }

    void thinking(String delta) {
        if (delta != null && !delta.isEmpty() && live.getAsBoolean()) {
            delivered = true;
            listener.onThinking(delta);
        }
    }

    /** Reports a tool call whose arguments arrived completely. */
    void toolCall(String id, String name, String argumentsJson) {
        if (!live.getAsBoolean()) {
            return;
        }
        ModelToolCall call = new ModelToolCall(id, name, arguments(argumentsJson));
        delivered = true;
        toolCalls.add(call);
        listener.onToolCall(call);
    }

    private Map<String, Object> arguments(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            Map<String, Object> m = mapper.readValue(json, MAP);
            return m == null ? Map.of() : m;
        } catch (IOException e) {
            // small local models sometimes emit broken JSON: the tool then reports the missing arguments to the model
            return Map.of();
        }
    }

    void model(String name) {
        if (name != null && !name.isEmpty()) {
            this.model = name;
        }
    }

    void inputTokens(long n) {
        this.inputTokens = n;
    }

    void outputTokens(long n) {
        this.outputTokens = n;
    }

    void stopReason(String normalised) {
        this.stopReason = normalised;
    }

    void providerState(String state) {
        this.providerState = state;
    }

    boolean hasToolCalls() {
        return !toolCalls.isEmpty();
    }

    /** @return whether anything reached the listener: from then on a failure cannot be retried invisibly */
    public boolean delivered() {
        return delivered;
    }

    /** @return the finished turn */
    public ModelResponse response() {
        String stop = stopReason != null ? stopReason : toolCalls.isEmpty() ? "end" : "tool_calls";
        return new ModelResponse(model, text.toString(), toolCalls, stop, inputTokens, outputTokens, providerState);
    }
}
