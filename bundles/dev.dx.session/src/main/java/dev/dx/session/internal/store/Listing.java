package dev.dx.session.internal.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.dx.api.rpc.RpcException;
import dev.dx.api.session.Page;
import dev.dx.api.session.Session;
import dev.dx.api.session.SessionQuery;
import dev.dx.util.id.Ulid;

/**
 * Lists sessions, newest-updated first, with keyset paging. A quarantined session is listed, so it can be found and
 * dealt with: its metadata is replaced by {@code {"quarantined": "<what is wrong and what to do>"}}.
 */
final class Listing {
    /** Cursor: updated-at milliseconds and key of the last session of the previous page. */
    private static final Pattern CURSOR = Pattern.compile("([0-9]{1,19})\\.([0-9A-Z]{26})");

    private final Store store;

    Listing(Store store) {
        this.store = store;
    }

    Page<Session> list(SessionQuery q) {
        if (q == null || q.limit() < 1 || q.limit() > 1000) {
            throw RpcException.invalidParams("A page holds 1 to 1000 sessions ('limit')");
        }
        if (q.agentId() != null) {
            Names.agent(q.agentId());
        }
        Long afterUpdated = null;
        String afterKey = null;
        if (q.cursor() != null) {
            Matcher m = CURSOR.matcher(q.cursor());
            if (!m.matches() || !Ulid.isValid(m.group(2))) {
                throw RpcException.invalidParams("The cursor is not one sessions.list returned; start again without it");
            }
            afterUpdated = Long.parseLong(m.group(1));
            afterKey = m.group(2);
        }
        Long after = afterUpdated;
        String key = afterKey;
        List<Header> rows = store.db.read("the list of sessions", c -> store.sessions.list(c, q.agentId(), q.state(),
                q.routingPrefix(), after, key, q.limit() + 1));
        List<Session> items = new ArrayList<>(Math.min(rows.size(), q.limit()));
        for (Header h : rows.subList(0, Math.min(rows.size(), q.limit()))) {
            String reason = store.quarantineOf(h);
            if (reason == null) {
                items.add(h.session());
                continue;
            }
            // the quarantine may have been found just now, reading this header
            store.quarantine(h.key(), reason, null);
            Session s = h.session();
            items.add(new Session(s.key(), s.agentId(), s.routingKey(), s.state(), s.createdAt(), s.updatedAt(),
                    Map.of("quarantined", Store.quarantineMessage(s.key(), reason)), s.model(), s.inputTokens(),
                    s.outputTokens(), s.messageCount(), s.lastSeq()));
        }
        String next = null;
        if (rows.size() > q.limit()) {
            Session last = items.get(items.size() - 1);
            next = last.updatedAt().toEpochMilli() + "." + last.key();
        }
        return new Page<>(items, next);
    }

    /** The {@code sessions} section of the gateway's status. */
    Map<String, Object> status() {
        Map<String, Object> r = new LinkedHashMap<>();
        try {
            var census = store.db.read("the session count", store.sessions::census);
            r.put("state", census.getValue().isEmpty() ? "ok" : "degraded");
            r.put("database", store.db.file().toString());
            r.put("sessions", census.getKey());
            r.put("cachedHeaders", store.cache.size());
            if (!census.getValue().isEmpty()) {
                List<String> problems = new ArrayList<>();
                census.getValue().forEach((k, why) -> problems.add(Store.quarantineMessage(k, why)));
                r.put("problems", problems);
            }
        } catch (RpcException e) {
            r.put("state", "unavailable");
            r.put("problems", List.of(e.getMessage()));
        }
        return r;
    }
}
