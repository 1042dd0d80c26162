package dev.dx.api.session;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An entry to append. The store assigns the sequence number and time; {@code tokens} may be 0 for the store to
 * estimate.
 *
 * @param role     who it comes from
 * @param text     the text, or {@code null}
 * @param toolCall the tool call for {@link Role#TOOL_CALL} and {@link Role#TOOL_RESULT}, else {@code null}
 * @param parts    structured content, or an empty list
 * @param tokens   token count if known, else 0
 * @param meta     free-form values, or an empty map
 * @since 0.1
 */
public record NewMessage(Role role, String text, ToolCall toolCall, List<Map<String, Object>> parts, int tokens,
        Map<String, Object> meta) {

    /** Checks the entry is coherent: tool entries carry a call, others do not. */
    public NewMessage {
        Objects.requireNonNull(role, "role must not be null");
        parts = parts == null ? List.of() : parts;
        meta = meta == null ? Map.of() : meta;
        boolean tool = role == Role.TOOL_CALL || role == Role.TOOL_RESULT;
        if (tool != (toolCall != null)) {
            throw new IllegalArgumentException(tool ? role + " entries need a toolCall with the call id and name"
                    : role + " entries carry no toolCall");
        }
    }

    /** @return a user message */
    public static NewMessage user(String text) {
        return new NewMessage(Role.USER, text, null, List.of(), 0, Map.of());
    }

    /** @return an assistant message */
    public static NewMessage assistant(String text) {
        return new NewMessage(Role.ASSISTANT, text, null, List.of(), 0, Map.of());
    }

    /** @return a system message */
    public static NewMessage system(String text) {
        return new NewMessage(Role.SYSTEM, text, null, List.of(), 0, Map.of());
    }

    /** @return a tool call the model asked for */
    public static NewMessage toolCall(String id, String name, Map<String, Object> arguments) {
        return new NewMessage(Role.TOOL_CALL, null, new ToolCall(id, name, arguments, false), List.of(), 0, Map.of());
    }

    /** @return the result of a tool call */
    public static NewMessage toolResult(String id, String name, String result, boolean error) {
        return new NewMessage(Role.TOOL_RESULT, result, new ToolCall(id, name, null, error), List.of(), 0, Map.of());
    }

    /** @return a compaction summary */
    public static NewMessage summary(String text) {
        return new NewMessage(Role.SUMMARY, text, null, List.of(), 0, Map.of());
    }
}
