package dev.dx.api.session;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A transcript entry. Entries are append-only; compaction marks them with the summary that replaced them.
 *
 * @param sessionKey  the session
 * @param seq         position in the session, from 1, without gaps
 * @param role        who it comes from
 * @param text        the text (for tool results: the result), or {@code null}
 * @param toolCall    for tool calls and results: the call, else {@code null}
 * @param parts       structured content beyond text (images, attachments, thinking), JSON-ready; may be empty
 * @param createdAt   when it was stored
 * @param tokens      estimated tokens
 * @param compactedBy seq of the summary that replaced this entry, or {@code null} while it is live
 * @param meta        free-form JSON-ready values (run id, channel message id, synthetic markers)
 * @since 0.1
 */
public record Message(String sessionKey, long seq, Role role, String text, ToolCall toolCall,
        List<Map<String, Object>> parts, Instant createdAt, int tokens, Long compactedBy, Map<String, Object> meta) {
}
