package dev.dx.tools.internal.session;

import java.io.Reader;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.dx.api.rpc.RpcException;
import dev.dx.api.session.HistoryQuery;
import dev.dx.api.session.Message;
import dev.dx.api.session.NewMessage;
import dev.dx.api.session.Page;
import dev.dx.api.session.Role;
import dev.dx.api.session.Session;
import dev.dx.api.session.SessionPatch;
import dev.dx.api.session.SessionQuery;
import dev.dx.api.session.SessionState;
import dev.dx.api.session.SessionStore;
import dev.dx.api.session.ToolCall;

/**
 * The reading half of a session store, in memory, for the session tools' unit tests (the SQLite store is its own
 * bundle). It follows the contract: list newest first with cursors, history in sequence order after a seq.
 */
final class MemorySessionStore implements SessionStore {
    final Map<String, Session> sessions = new ConcurrentHashMap<>();
    final Map<String, List<Message>> transcripts = new ConcurrentHashMap<>();
    final List<SessionQuery> queries = new ArrayList<>();

    Session add(String key, String agent, int messages, Instant updated) {
        Session s = new Session(key, agent, "agent:" + agent + ":test:" + key, SessionState.ACTIVE, updated, updated,
                Map.of("title", "chat " + key.substring(20)), null, 0, 0, messages, messages);
        sessions.put(key, s);
        List<Message> list = new ArrayList<>();
        for (int i = 1; i <= messages; i++) {
            Role role = i % 3 == 0 ? Role.TOOL_CALL : i % 2 == 0 ? Role.ASSISTANT : Role.USER;
            ToolCall call = role == Role.TOOL_CALL ? new ToolCall("c" + i, "read", Map.of("path", "a.txt"), false)
                    : null;
            list.add(new Message(key, i, role, "message " + i, call, List.of(), updated, 3, null, Map.of()));
        }
        transcripts.put(key, list);
        return s;
    }

    @Override
    public Page<Session> list(SessionQuery q) {
        queries.add(q);
        List<Session> all = sessions.values().stream()
                .filter(s -> q.agentId() == null || s.agentId().equals(q.agentId()))
                .filter(s -> q.state() == null || s.state() == q.state())
                .sorted((a, b) -> b.updatedAt().compareTo(a.updatedAt())).toList();
        int from = q.cursor() == null ? 0 : Integer.parseInt(q.cursor());
        int to = Math.min(all.size(), from + q.limit());
        return new Page<>(all.subList(from, to), to < all.size() ? Integer.toString(to) : null);
    }

    @Override
    public Optional<Session> get(String key) {
        return Optional.ofNullable(sessions.get(key));
    }

    @Override
    public Page<Message> history(String key, HistoryQuery q) {
        List<Message> list = transcripts.get(key);
        if (list == null) {
            throw RpcException.notFound("no session " + key);
        }
        List<Message> page = list.stream().filter(m -> m.seq() > q.afterSeq()).limit(q.limit()).toList();
        return new Page<>(page, null);
    }

    @Override
    public Session create(String agentId, String routingKey, Map<String, Object> metadata) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Session getOrCreate(String agentId, String routingKey) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<Session> byRoutingKey(String routingKey) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Message append(String key, NewMessage message) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<Message> append(String key, List<NewMessage> messages) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<Message> context(String key) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Session patch(String key, SessionPatch patch) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Session reset(String key) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Session archive(String key) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean delete(String key) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void markCompacted(String key, long throughSeq, long summarySeq) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void export(String key, Writer out) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Session importJsonl(Reader in) {
        throw new UnsupportedOperationException();
    }
}
