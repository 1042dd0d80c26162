package dev.dx.api.session;

import java.util.Map;

/**
 * The tool part of a {@link Role#TOOL_CALL} or {@link Role#TOOL_RESULT} entry.
 *
 * @param id        the call id the model gave, pairing a call with its result
 * @param name      the tool name
 * @param arguments the call's arguments (JSON-ready); {@code null} on results
 * @param error     on results: whether the tool failed; {@code false} on calls
 * @since 0.1
 */
public record ToolCall(String id, String name, Map<String, Object> arguments, boolean error) {
}
