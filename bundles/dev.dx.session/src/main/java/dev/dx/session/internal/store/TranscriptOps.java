package dev.dx.session.internal.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.dx.api.rpc.RpcException;
import dev.dx.api.session.HistoryQuery;
import dev.dx.api.session.Message;
import dev.dx.api.session.NewMessage;
import dev.dx.api.session.Page;
import dev.dx.api.session.Role;
import dev.dx.api.session.Session;
import dev.dx.api.session.ToolCall;

/** Transcripts: append, history, the model's context with tool-call repair, compaction marks. */
final class TranscriptOps {
    /** Most entries one append may carry. */
    static final int MAX_BATCH = 10_000;

    private final Store store;

    TranscriptOps(Store store) {
        this.store = store;
    }

    /** The outcome of a write to a transcript: the new header and the entries stored. */
    private record Appended(Session session, List<Message> stored) {
    }

    List<Message> append(String key, List<NewMessage> entries) {
        Names.key(key);
        Objects.requireNonNull(entries, "entries must not be null");
        if (entries.size() > MAX_BATCH) {
            throw RpcException.invalidParams("Append at most " + MAX_BATCH + " entries at once");
        }
        List<Encoded> encoded = new ArrayList<>(entries.size());
        for (NewMessage m : entries) {
            encoded.add(Encoded.of(Objects.requireNonNull(m, "entries must not contain null"), store.json));
        }
        String what = (entries.size() == 1 ? "the entry" : "the " + entries.size() + " entries") + " for session " + key;
        return store.guarded(key, () -> store.db.write(what, c -> {
            Session s = store.usable(store.headerForWrite(c, key)).session();
            return insert(c, s, encoded);
        }, this::committed)).stored();
    }

    Page<Message> history(String key, HistoryQuery q) {
        Names.key(key);
        if (q == null || q.afterSeq() < 0 || q.limit() < 1 || q.limit() > 10_000) {
            throw RpcException.invalidParams("History pages start after a seq of 0 or more and hold 1 to 10000 entries");
        }
        long epoch = store.cache.epoch();
        return store.guarded(key, () -> store.db.read("the history of session " + key, c -> {
            usable(c, key, epoch);
            List<Message> rows = store.messages.page(c, key, q.afterSeq(), q.limit() + 1, q.includeCompacted());
            if (rows.size() <= q.limit()) {
                return new Page<>(rows, null);
            }
            List<Message> page = rows.subList(0, q.limit());
            return new Page<>(List.copyOf(page), Long.toString(page.get(page.size() - 1).seq()));
        }));
    }

    /** Live entries for a model; tool calls a crash left unanswered get a stored synthetic result first. */
    List<Message> context(String key) {
        Names.key(key);
        long epoch = store.cache.epoch();
        return store.guarded(key, () -> {
            List<Message> live = store.db.read("the context of session " + key, c -> {
                usable(c, key, epoch);
                return store.messages.live(c, key);
            });
            Map<String, ToolCall> open = Transcript.unanswered(live);
            if (!open.isEmpty()) {
                Appended repaired = store.db.write("the results of interrupted tool calls in session " + key,
                        c -> repair(c, key, open), this::committed);
                if (repaired != null) {
                    live = new ArrayList<>(live);
                    live.addAll(repaired.stored());
                }
            }
            return Transcript.forModel(live);
        });
    }

    void markCompacted(String key, long throughSeq, long summarySeq) {
        Names.key(key);
        store.guarded(key, () -> store.db.write("the compaction of session " + key, c -> {
            Session s = store.usable(store.headerForWrite(c, key)).session();
            if (throughSeq < 1 || throughSeq > s.lastSeq()) {
                throw RpcException.invalidParams("throughSeq must be between 1 and " + s.lastSeq());
            }
            Message summary = store.messages.find(c, key, summarySeq);
            if (summary == null || summary.role() != Role.SUMMARY) {
                throw RpcException.invalidParams("Entry " + summarySeq + " is not a summary; append the summary "
                        + "first and pass its seq");
            }
            if (summary.compactedBy() != null) {
                throw RpcException.invalidParams("Entry " + summarySeq + " was itself replaced by summary "
                        + summary.compactedBy());
            }
            store.messages.markCompacted(c, key, throughSeq, summarySeq);
            Session changed = new Session(s.key(), s.agentId(), s.routingKey(), s.state(), s.createdAt(),
                    SessionOps.now(), s.metadata(), s.model(), s.inputTokens(), s.outputTokens(), s.messageCount(),
                    s.lastSeq());
            store.sessions.update(c, changed, null);
            return changed;
        }, s -> {
            store.cache.committed(new Header(s, null));
            store.events.updated(s);
        }));
    }

    /** Stores a synthetic result for each call still without one (checked again under the write lock). */
    private Appended repair(Connection c, String key, Map<String, ToolCall> open) throws SQLException {
        Session s = store.usable(store.headerForWrite(c, key)).session();
        Map<String, ToolCall> missing = new LinkedHashMap<>(open);
        missing.keySet().removeAll(store.messages.answered(c, key, open.keySet()));
        if (missing.isEmpty()) {
            return null;
        }
        List<Encoded> results = new ArrayList<>();
        for (ToolCall call : missing.values()) {
            results.add(Encoded.of(new NewMessage(Role.TOOL_RESULT, Transcript.INTERRUPTED,
                    new ToolCall(call.id(), call.name(), null, true), List.of(), 0, Map.of("synthetic", true)),
                    store.json));
        }
        return insert(c, s, results);
    }

    private Appended insert(Connection c, Session s, List<Encoded> entries) throws SQLException {
        if (entries.isEmpty()) {
            return new Appended(s, List.of());
        }
        Instant now = SessionOps.now();
        List<Message> stored = store.messages.insert(c, s.key(), s.lastSeq() + 1, entries, now);
        long last = s.lastSeq() + entries.size();
        Session changed = new Session(s.key(), s.agentId(), s.routingKey(), s.state(), s.createdAt(), now,
                s.metadata(), s.model(), s.inputTokens(), s.outputTokens(), s.messageCount() + entries.size(), last);
        store.sessions.update(c, changed, null);
        return new Appended(changed, stored);
    }

    private void committed(Appended a) {
        if (a == null || a.stored().isEmpty()) {
            return;
        }
        store.cache.committed(new Header(a.session(), null));
        List<Message> m = a.stored();
        store.events.messages(a.session().key(), m.get(0).seq(), m.get(m.size() - 1).seq());
    }

    private void usable(Connection c, String key, long epoch) throws SQLException {
        Header h = store.header(c, key, epoch);
        if (h == null) {
            throw Store.notFound(key);
        }
        store.usable(h);
    }
}
