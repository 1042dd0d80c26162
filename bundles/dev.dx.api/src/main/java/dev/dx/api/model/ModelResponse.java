package dev.dx.api.model;

import java.util.List;

/**
 * A finished model turn.
 *
 * @param model         the model that answered
 * @param text          the full text (the deltas concatenated)
 * @param toolCalls     the tool calls, in order
 * @param stopReason    {@code end}, {@code tool_calls}, {@code max_tokens} or the provider's own reason
 * @param inputTokens   input tokens billed
 * @param outputTokens  output tokens billed
 * @param providerState opaque data the provider needs back with this assistant message in later requests of the
 *                      same turn (Anthropic's signed thinking blocks, without which a tool-call loop with thinking
 *                      on is refused), or {@code null}; store it with the message and pass it back unchanged in
 *                      {@link ModelMessage#assistant(String, List, String)}
 * @since 0.1
 */
public record ModelResponse(String model, String text, List<ModelToolCall> toolCalls, String stopReason,
        long inputTokens, long outputTokens, String providerState) {

    /** Normalises nulls. */
    public ModelResponse {
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    /** A turn without provider state. */
    public ModelResponse(String model, String text, List<ModelToolCall> toolCalls, String stopReason,
            long inputTokens, long outputTokens) {
        this(model, text, toolCalls, stopReason, inputTokens, outputTokens, null);
    }
}
