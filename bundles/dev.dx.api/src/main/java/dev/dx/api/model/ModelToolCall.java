package dev.dx.api.model;

import java.util.Map;

/**
 * A tool call the model made.
 *
 * @param id        the call id, echoed in the tool result
 * @param name      the tool name
 * @param arguments the arguments (JSON-ready)
 * @since 0.1
 */
public record ModelToolCall(String id, String name, Map<String, Object> arguments) {
}
