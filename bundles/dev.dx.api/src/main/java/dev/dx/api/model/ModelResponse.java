package dev.dx.api.model;

import java.util.List;

/**
 * A finished model turn.
 *
 * @param model        the model that answered
 * @param text         the full text (the deltas concatenated)
 * @param toolCalls    the tool calls, in order
 * @param stopReason   {@code end}, {@code tool_calls}, {@code max_tokens} or the provider's own reason
 * @param inputTokens  input tokens billed
 * @param outputTokens output tokens billed
 * @since 0.1
 */
public record ModelResponse(String model, String text, List<ModelToolCall> toolCalls, String stopReason,
        long inputTokens, long outputTokens) {
}
