package dev.dx.api.model;

import java.time.Duration;
import java.util.List;

import dev.dx.api.tool.ToolSpec;

/**
 * What to ask a model.
 *
 * @param model     the model id at this provider
 * @param system    the system prompt, or {@code null}
 * @param messages  the conversation, oldest first
 * @param tools     the tools the model may call
 * @param maxTokens the most output tokens
 * @param thinking  {@code off}, {@code low}, {@code medium} or {@code high}; providers without reasoning ignore it
 * @param timeout   the whole call's deadline, retries included
 * @since 0.1
 */
public record ModelRequest(String model, String system, List<ModelMessage> messages, List<ToolSpec> tools,
        int maxTokens, String thinking, Duration timeout) {
    /** Normalises nulls. */
    public ModelRequest {
        messages = List.copyOf(messages);
        tools = tools == null ? List.of() : List.copyOf(tools);
        thinking = thinking == null ? "off" : thinking;
        timeout = timeout == null ? Duration.ofMinutes(5) : timeout;
    }
}
