package dev.dx.api.tool;

import java.util.Map;

/**
 * What a tool returns to the model.
 *
 * @param content what the model reads (text; keep it within a few thousand characters)
 * @param error   whether the call failed; the content then says why and what to do instead
 * @param details JSON-ready extras for clients and the transcript, not sent to the model
 * @since 0.1
 */
public record ToolResult(String content, boolean error, Map<String, Object> details) {
    /** Normalises nulls. */
    public ToolResult {
        content = content == null ? "" : content;
        details = details == null ? Map.of() : details;
    }

    /** @return a successful result */
    public static ToolResult ok(String content) {
        return new ToolResult(content, false, Map.of());
    }

    /** @return a failed result whose message the model reads */
    public static ToolResult error(String message) {
        return new ToolResult(message, true, Map.of());
    }
}
