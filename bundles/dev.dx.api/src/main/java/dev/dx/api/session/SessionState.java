package dev.dx.api.session;

/**
 * Lifecycle of a session.
 *
 * @since 0.1
 */
public enum SessionState {
    /** Receives messages; at most one active session per routing key. */
    ACTIVE,
    /** Kept for reading and export; no longer routed to. */
    ARCHIVED
}
