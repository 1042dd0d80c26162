package dev.dx.session.internal.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import dev.dx.api.rpc.ErrorCode;
import dev.dx.api.rpc.RpcException;
import dev.dx.api.session.Session;
import dev.dx.api.session.SessionPatch;
import dev.dx.api.session.SessionState;

/** Session headers: create, find, change, reset, archive, delete. */
final class SessionOps {
    private final Store store;

    SessionOps(Store store) {
        this.store = store;
    }

    Session create(String agentId, String routingKey, Map<String, Object> metadata) {
        Names.agent(agentId);
        Names.routingKey(routingKey);
        Map<String, Object> meta = metadata == null ? Map.of() : metadata;
        String json = store.json.write(meta, "metadata");
        return store.db.write("the new session", c -> {
            Header active = store.sessions.findActive(c, routingKey);
            if (active != null) {
                throw conflict(active.key());
            }
            return insert(c, agentId, routingKey, JsonColumns.freeze(meta), json, null);
        }, this::created);
    }

    Session getOrCreate(String agentId, String routingKey) {
        Names.agent(agentId);
        Optional<Session> found = byRoutingKey(routingKey);
        if (found.isPresent()) {
            return found.get();
        }
        // someone may have created it since the look-up: check again under the write lock
        Header[] existing = new Header[1];
        Session created = store.db.write("the new session", c -> {
            existing[0] = store.sessions.findActive(c, routingKey);
            return existing[0] != null ? null : insert(c, agentId, routingKey, Map.of(), "{}", null);
        }, s -> {
            if (s != null) {
                created(s);
            }
        });
        return created != null ? created : store.guarded(existing[0].key(), () -> store.usable(existing[0]).session());
    }

    Optional<Session> get(String key) {
        Names.key(key);
        return store.guarded(key, () -> {
            Header h = store.header(key);
            return h == null ? Optional.<Session>empty() : Optional.of(store.usable(h).session());
        });
    }

    Optional<Session> byRoutingKey(String routingKey) {
        Names.routingKey(routingKey);
        long epoch = store.cache.epoch();
        Header h = store.db.read("the session for a routing key", c -> {
            Header found = store.sessions.findActive(c, routingKey);
            if (found != null) {
                store.cache.offer(found, epoch);
            }
            return found;
        });
        return h == null ? Optional.empty() : Optional.of(store.guarded(h.key(), () -> store.usable(h).session()));
    }

    Session patch(String key, SessionPatch p) {
        Names.key(key);
        if (p == null) {
            throw RpcException.invalidParams("Give the changes to make");
        }
        if ((p.inputTokens() != null && p.inputTokens() < 0) || (p.outputTokens() != null && p.outputTokens() < 0)) {
            throw RpcException.invalidParams("inputTokens and outputTokens are added to the counts: 0 or more");
        }
        if (p.metadata() == null && p.model() == null && p.inputTokens() == null && p.outputTokens() == null) {
            return get(key).orElseThrow(() -> Store.notFound(key));
        }
        store.json.write(p.metadata(), "metadata");
        return store.guarded(key, () -> store.db.write("the changes to session " + key, c -> {
            Session s = store.usable(store.headerForWrite(c, key)).session();
            Map<String, Object> metadata = p.metadata() == null ? s.metadata()
                    : JsonColumns.freeze(mergePatch(s.metadata(), p.metadata()));
            Session changed = new Session(s.key(), s.agentId(), s.routingKey(), s.state(), s.createdAt(), now(),
                    metadata, p.model() != null ? p.model() : s.model(), add(s.inputTokens(), p.inputTokens()),
                    add(s.outputTokens(), p.outputTokens()), s.messageCount(), s.lastSeq());
            store.sessions.update(c, changed, p.metadata() == null ? null : store.json.write(metadata, "metadata"));
            return changed;
        }, this::updated));
    }

    /** Archives the session (if active) and starts a fresh one on its routing key, with its metadata and model. */
    Session reset(String key) {
        Names.key(key);
        Header[] old = new Header[1];
        return store.db.write("the reset of session " + key, c -> {
            Header h = store.headerForWrite(c, key);
            old[0] = archiveIn(c, h);
            Header active = store.sessions.findActive(c, h.session().routingKey());
            if (active != null) {
                throw conflict(active.key());
            }
            Session s = h.session();
            return insert(c, s.agentId(), s.routingKey(), s.metadata(), store.json.write(s.metadata(), "metadata"),
                    s.model());
        }, s -> {
            if (old[0] != null) {
                store.cache.committed(old[0]);
                store.events.updated(old[0].session());
            }
            created(s);
        });
    }

    Session archive(String key) {
        Names.key(key);
        Header[] result = new Header[1];
        store.db.write("the archiving of session " + key, c -> {
            Header h = store.headerForWrite(c, key);
            Header archived = archiveIn(c, h);
            result[0] = archived != null ? archived : h;
            return archived;
        }, archived -> {
            if (archived != null) {
                store.cache.committed(archived);
                store.events.updated(archived.session());
            }
        });
        return result[0].session();
    }

    boolean delete(String key) {
        Names.key(key);
        return store.db.write("the deletion of session " + key, c -> store.sessions.delete(c, key), deleted -> {
            store.cache.invalidate(key);
            store.forget(key);
            if (deleted) {
                store.events.deleted(key);
            }
        });
    }

    /** @return the archived header, or {@code null} if it was archived already */
    private Header archiveIn(Connection c, Header h) throws SQLException {
        Session s = h.session();
        if (s.state() == SessionState.ARCHIVED) {
            return null;
        }
        Session archived = new Session(s.key(), s.agentId(), s.routingKey(), SessionState.ARCHIVED, s.createdAt(),
                now(), s.metadata(), s.model(), s.inputTokens(), s.outputTokens(), s.messageCount(), s.lastSeq());
        store.sessions.update(c, archived, null);
        return new Header(archived, h.quarantine());
    }

    private Session insert(Connection c, String agentId, String routingKey, Map<String, Object> metadata, String json,
            String model) throws SQLException {
        Instant now = now();
        Session s = new Session(store.ulid.next(), agentId, routingKey, SessionState.ACTIVE, now, now, metadata, model,
                0, 0, 0, 0);
        store.sessions.insert(c, s, json);
        return s;
    }

    private void created(Session s) {
        store.cache.committed(new Header(s, null));
        store.events.created(s);
    }

    private void updated(Session s) {
        store.cache.committed(new Header(s, null));
        store.events.updated(s);
    }

    /** JSON merge patch (RFC 7386): {@code null} removes a key, objects merge recursively, anything else replaces. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> mergePatch(Map<String, Object> target, Map<String, Object> patch) {
        Map<String, Object> out = new LinkedHashMap<>(target);
        patch.forEach((k, v) -> {
            if (v == null) {
                out.remove(k);
            } else if (v instanceof Map) {
                Object current = out.get(k);
                out.put(k, mergePatch(current instanceof Map ? (Map<String, Object>) current : Map.of(),
                        (Map<String, Object>) v));
            } else {
                out.put(k, v);
            }
        });
        return out;
    }

    private static long add(long count, Long delta) {
        try {
            return delta == null ? count : Math.addExact(count, delta);
        } catch (ArithmeticException e) {
            throw RpcException.invalidParams("The token count would overflow");
        }
    }

    static Instant now() {
        return Instant.ofEpochMilli(System.currentTimeMillis());
    }

    static RpcException conflict(String activeKey) {
        return new RpcException(ErrorCode.CONFLICT, "Session " + activeKey + " is already the active session for "
                + "this routing key; use it, or start over with sessions.reset " + activeKey);
    }
}
