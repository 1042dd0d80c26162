package dev.dx.api.event;

/**
 * EventAdmin topics and property names. Every DX event carries its data in {@link #PAYLOAD} as a JSON-serialisable
 * value (record, map, list, string, number, boolean) so the gateway can relay it to clients unchanged.
 *
 * @since 0.1
 */
public final class Topics {
    /** All DX topics start with this. */
    public static final String PREFIX = "dx/";
    /** Subscribes to every DX topic. */
    public static final String ALL = "dx/*";
    /** Event property holding the payload. */
    public static final String PAYLOAD = "payload";

    /** A client connected to the gateway; payload: connection id, transport, client. */
    public static final String GATEWAY_CONNECTED = "dx/gateway/CONNECTED";
    /** A client disconnected; payload: connection id and reason. */
    public static final String GATEWAY_DISCONNECTED = "dx/gateway/DISCONNECTED";
    /** The gateway token was rotated; payload empty. */
    public static final String GATEWAY_TOKEN_ROTATED = "dx/gateway/TOKEN_ROTATED";

    /** The secret store was unlocked; payload empty. Components waiting for a secret retry now. */
    public static final String SECRETS_UNLOCKED = "dx/secrets/UNLOCKED";
    /** The secret store was locked; payload empty. */
    public static final String SECRETS_LOCKED = "dx/secrets/LOCKED";
    /** A secret was set or deleted; payload: {@code name} and {@code action} (never the value). */
    public static final String SECRETS_CHANGED = "dx/secrets/CHANGED";

    /** A DX configuration was applied; payload: {@code pid}, {@code file}, {@code keys} changed. */
    public static final String CONFIG_CHANGED = "dx/config/CHANGED";
    /** A configuration edit was refused; payload: {@code pid}, {@code file}, {@code key}, {@code reason}. */
    public static final String CONFIG_REJECTED = "dx/config/REJECTED";

    /** A session was created; payload: the session summary. */
    public static final String SESSION_CREATED = "dx/session/CREATED";
    /** Session metadata changed (patch, archive, reset); payload: the session summary. */
    public static final String SESSION_UPDATED = "dx/session/UPDATED";
    /** A session was deleted; payload: {@code key}. */
    public static final String SESSION_DELETED = "dx/session/DELETED";
    /** Messages were appended; payload: {@code key}, {@code fromSeq}, {@code toSeq}, {@code count}. */
    public static final String SESSION_MESSAGES = "dx/session/MESSAGES";

    /**
     * A command waits for a human decision; payload: id, agentId, sessionKey, argv, cwd, envNames (names only, never
     * values), executable (as resolved), launcher, why, requestedAt, expiresAt. Approvers only.
     */
    public static final String APPROVAL_REQUESTED = "dx/approval/REQUESTED";
    /**
     * An approval was decided (by a human, a rule, the mode or the fallback); payload: id, allowed, decision, decidedBy,
     * and reason and ruleId when there are any.
     */
    public static final String APPROVAL_RESOLVED = "dx/approval/RESOLVED";

    /** A piece of an answer streamed by an agent; payload: runId, sessionKey, delta (or reset: true after a failover). */
    public static final String CHAT_DELTA = "dx/chat/DELTA";
    /** An agent run answered; payload: runId, sessionKey, text, model, usage. */
    public static final String CHAT_FINAL = "dx/chat/FINAL";
    /** An agent run failed or was aborted; payload: runId, sessionKey, state (error|aborted), error {code, message}. */
    public static final String CHAT_ERROR = "dx/chat/ERROR";
    /** Agent run lifecycle; payload: runId, sessionKey, agentId, phase (queued|started|ended). */
    public static final String AGENT_RUN = "dx/agent/RUN";
    /** A tool call by an agent; payload: runId, sessionKey, callId, name, phase (start|end), error, durationMs. */
    public static final String AGENT_TOOL = "dx/agent/TOOL";
    /** A memory was stored or replaced; payload: {@code id}, {@code agent}, {@code source}. */
    public static final String MEMORY_STORED = "dx/memory/STORED";
    /** A stored memory was deleted; payload: {@code id}. */
    public static final String MEMORY_DELETED = "dx/memory/DELETED";
    /**
     * Every memory passage has a vector of the current embedder again (after a rebuild or an embedder change);
     * payload: {@code embedder}, {@code chunks}.
     */
    public static final String MEMORY_VECTORS_READY = "dx/memory/VECTORS_READY";

    private Topics() {
    }
}
