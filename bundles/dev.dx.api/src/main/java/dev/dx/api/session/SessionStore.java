package dev.dx.api.session;

import java.io.Reader;
import java.io.Writer;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import dev.dx.api.rpc.RpcException;

/**
 * Durable sessions. Everything a method returns is on disk: an acknowledged append survives {@code kill -9}.
 * Writers to one session are serialised (total order, no lost update); readers do not wait for writers. A session
 * that cannot be read is quarantined with a clear error while every other session keeps working. Failures are
 * {@link RpcException}s: {@code NOT_FOUND}, {@code CONFLICT}, {@code INVALID_PARAMS}, {@code UNAVAILABLE} (quarantined,
 * disk full, store stopping).
 *
 * @since 0.1
 */
@ProviderType
public interface SessionStore {
    /**
     * Creates an active session.
     *
     * @throws RpcException {@code CONFLICT} if an active session already has {@code routingKey}
     */
    Session create(String agentId, String routingKey, Map<String, Object> metadata);

    /** @return the active session for {@code routingKey}, created for {@code agentId} if there is none */
    Session getOrCreate(String agentId, String routingKey);

    /** @return the session with this key */
    Optional<Session> get(String key);

    /** @return the active session with this routing key */
    Optional<Session> byRoutingKey(String routingKey);

    /** @return sessions matching the query, most recently updated first */
    Page<Session> list(SessionQuery query);

    /**
     * Appends one entry; durable when this returns.
     *
     * @return the stored entry with its sequence number
     */
    Message append(String key, NewMessage message);

    /**
     * Appends entries atomically (all or none) and contiguously; durable when this returns.
     *
     * @return the stored entries
     */
    List<Message> append(String key, List<NewMessage> messages);

    /** @return transcript entries in sequence order */
    Page<Message> history(String key, HistoryQuery query);

    /**
     * The transcript as a model should see it: live entries in order (a summary stands for the entries it replaced),
     * with every tool call paired with a result — a call left without one by a crash gets a synthetic "interrupted"
     * result, stored, before this returns.
     */
    List<Message> context(String key);

    /** Changes the header; returns the updated session. */
    Session patch(String key, SessionPatch patch);

    /**
     * Starts over: archives the session and creates a fresh active one for the same agent and routing key.
     *
     * @return the new session
     */
    Session reset(String key);

    /** Archives the session: kept, no longer routed to. */
    Session archive(String key);

    /** @return whether a session was deleted (with its transcript) */
    boolean delete(String key);

    /**
     * Marks entries as replaced by a summary entry. Originals stay readable with {@code includeCompacted}.
     *
     * @param throughSeq the last entry the summary replaces (all live entries up to it, except the summary itself)
     * @param summarySeq the summary entry, which must already be appended
     */
    void markCompacted(String key, long throughSeq, long summarySeq);

    /** Writes the session as JSONL: a header line, then one line per entry. */
    void export(String key, Writer out);

    /**
     * Reads a session exported by {@link #export}. The imported session keeps its key unless one exists, in which
     * case it is refused with {@code CONFLICT}; it is imported archived if its routing key is taken.
     *
     * @return the imported session
     * @throws RpcException {@code INVALID_PARAMS} naming the line that is wrong; nothing is stored then
     */
    Session importJsonl(Reader in);
}
