package dev.dx.api.model;

import java.util.List;
import java.util.Objects;

/**
 * One message of the conversation sent to a model.
 *
 * @param role          {@link Role#USER}, {@link Role#ASSISTANT} (text and/or tool calls) or {@link Role#TOOL} (a
 *                      tool result)
 * @param text          the text, or {@code null}
 * @param toolCalls     for assistant messages: the tool calls it made; otherwise empty
 * @param toolCallId    for tool results: the call answered
 * @param toolError     for tool results: whether the tool failed
 * @param providerState for assistant messages: {@link ModelResponse#providerState()} as received, or {@code null};
 *                      a provider ignores state it did not write
 * @since 0.1
 */
public record ModelMessage(Role role, String text, List<ModelToolCall> toolCalls, String toolCallId, boolean toolError,
        String providerState) {
    /** The roles a provider understands. */
    public enum Role { USER, ASSISTANT, TOOL }

    /** Normalises nulls and checks tool results carry a call id. */
    public ModelMessage {
        Objects.requireNonNull(role, "role must not be null");
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        if (role == Role.TOOL && toolCallId == null) {
            throw new IllegalArgumentException("a tool result needs the id of the call it answers");
        }
    }

    /** A message without provider state. */
    public ModelMessage(Role role, String text, List<ModelToolCall> toolCalls, String toolCallId, boolean toolError) {
        this(role, text, toolCalls, toolCallId, toolError, null);
    }

    public static ModelMessage user(String text) {
        return new ModelMessage(Role.USER, text, List.of(), null, false, null);
    }

    public static ModelMessage assistant(String text, List<ModelToolCall> toolCalls) {
        return new ModelMessage(Role.ASSISTANT, text, toolCalls, null, false, null);
    }

    /** An assistant message with the {@link ModelResponse#providerState()} of the response it records. */
    public static ModelMessage assistant(String text, List<ModelToolCall> toolCalls, String providerState) {
        return new ModelMessage(Role.ASSISTANT, text, toolCalls, null, false, providerState);
    }

    public static ModelMessage toolResult(String callId, String content, boolean error) {
        return new ModelMessage(Role.TOOL, content, List.of(), callId, error, null);
    }
}
