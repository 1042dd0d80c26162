package dev.dx.api.session;

import java.time.Instant;
import java.util.Map;

/**
 * A session header.
 *
 * @param key          the session id, a ULID (time-sortable, 26 characters)
 * @param agentId      the agent the session belongs to
 * @param routingKey   where its messages come from, e.g. {@code agent:main:telegram:dm:12345} or {@code agent:main:main}
 * @param state        active or archived
 * @param createdAt    creation time
 * @param updatedAt    time of the last change (message or metadata)
 * @param metadata     free-form JSON-ready values (title, labels, channel details)
 * @param model        the model last used ({@code provider/model}), or {@code null}
 * @param inputTokens  input tokens used so far
 * @param outputTokens output tokens used so far
 * @param messageCount entries in the transcript, compacted ones included
 * @param lastSeq      sequence number of the last entry, 0 when empty
 * @since 0.1
 */
public record Session(String key, String agentId, String routingKey, SessionState state, Instant createdAt,
        Instant updatedAt, Map<String, Object> metadata, String model, long inputTokens, long outputTokens,
        long messageCount, long lastSeq) {
}
