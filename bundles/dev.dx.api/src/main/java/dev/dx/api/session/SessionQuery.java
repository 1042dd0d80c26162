package dev.dx.api.session;

/**
 * What {@link SessionStore#list} returns: sessions newest-updated first, filtered.
 *
 * @param agentId       only this agent's sessions, or {@code null} for all
 * @param state         only sessions in this state, or {@code null} for all
 * @param routingPrefix only sessions whose routing key starts with this, or {@code null}
 * @param limit         page size, 1..1000
 * @param cursor        the {@link Page#nextCursor()} of the previous page, or {@code null} for the first
 * @since 0.1
 */
public record SessionQuery(String agentId, SessionState state, String routingPrefix, int limit, String cursor) {
    /** @return the first page of all sessions, 50 at a time */
    public static SessionQuery all() {
        return new SessionQuery(null, null, null, 50, null);
    }
}
