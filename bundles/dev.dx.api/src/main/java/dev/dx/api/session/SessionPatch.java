package dev.dx.api.session;

import java.util.Map;

/**
 * A change to a session header. {@code null} fields are left as they are.
 *
 * @param metadata     merged into the metadata (JSON merge patch: a {@code null} value removes the key)
 * @param model        the model now used
 * @param inputTokens  tokens to add to the input count
 * @param outputTokens tokens to add to the output count
 * @since 0.1
 */
public record SessionPatch(Map<String, Object> metadata, String model, Long inputTokens, Long outputTokens) {
}
