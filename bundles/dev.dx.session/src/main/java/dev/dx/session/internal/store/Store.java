package dev.dx.session.internal.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dx.api.db.Database;
import dev.dx.api.rpc.ErrorCode;
import dev.dx.api.rpc.RpcException;
import dev.dx.util.id.Ulid;

/**
 * What the parts of the session store share: the database, the row mappers, the header cache, events, and the
 * quarantine of sessions that cannot be read.
 */
final class Store {
    private static final Logger LOG = LoggerFactory.getLogger(Store.class);

    final Database db;
    final JsonColumns json;
    final SessionRows sessions;
    final MessageRows messages;
    final HeaderCache cache;
    final SessionEvents events;
    final Ulid ulid = new Ulid();
    /** Quarantines seen since start; persisted too, but kept here in case that write failed. */
    private final Map<String, String> quarantined = new ConcurrentHashMap<>();

    Store(Database db, int cacheSize, SessionEvents events) {
        this.db = db;
        this.json = new JsonColumns();
        this.sessions = new SessionRows(json);
        this.messages = new MessageRows(json);
        this.cache = new HeaderCache(cacheSize);
        this.events = events;
    }

    /** @return the header, from the cache or the database; {@code null} if there is no such session */
    Header header(String key) {
        Header h = cache.get(key);
        if (h == null) {
            long epoch = cache.epoch();
            h = db.read("session " + key, c -> sessions.find(c, key));
            if (h != null) {
                cache.offer(h, epoch);
            }
        }
        return h;
    }

    /**
     * @param epoch the cache epoch taken before the read transaction began
     * @return the header, from the cache or read through {@code c}; {@code null} if there is no such session
     */
    Header header(Connection c, String key, long epoch) throws SQLException {
        Header h = cache.get(key);
        if (h == null) {
            h = sessions.find(c, key);
            if (h != null) {
                cache.offer(h, epoch);
            }
        }
        return h;
    }

    /** @return the header read inside a write transaction (never from the cache) */
    Header headerForWrite(Connection c, String key) throws SQLException {
        Header h = sessions.find(c, key);
        if (h == null) {
            throw notFound(key);
        }
        return h;
    }

    /** Throws if the session is quarantined; {@link #guarded} turns that into the user's error. */
    Header usable(Header h) {
        String reason = h.quarantine() != null ? h.quarantine() : quarantined.get(h.key());
        if (reason != null) {
            throw new CorruptRow(h.key(), reason, null);
        }
        return h;
    }

    /** @return why the session is quarantined, or {@code null} */
    String quarantineOf(Header h) {
        return h.quarantine() != null ? h.quarantine() : quarantined.get(h.key());
    }

    /** Runs an operation on one session; if the session turns out to be unreadable, it is quarantined. */
    <T> T guarded(String key, Supplier<T> op) {
        try {
            return op.get();
        } catch (CorruptRow e) {
            throw quarantine(e.sessionKey(), e.getMessage(), e.getCause());
        } catch (RpcException e) {
            if (Database.isCorruption(e.getCause())) {
                throw quarantine(key, "its entries cannot be read (the database file is damaged where they are stored)",
                        e.getCause());
            }
            throw e;
        }
    }

    /** Marks a session unusable (in memory at once, on disk if the disk takes it) and returns the error to show. */
    RpcException quarantine(String key, String reason, Throwable cause) {
        if (quarantined.putIfAbsent(key, reason) == null) {
            LOG.warn("Session {} quarantined: {}", key, reason, cause);
            try {
                db.write("the quarantine mark of session " + key, c -> sessions.quarantine(c, key, reason),
                        changed -> cache.invalidate(key));
            } catch (RpcException e) {
                LOG.warn("Session {} stays quarantined in memory only: {}", key, e.getMessage());
                cache.invalidate(key);
            }
        }
        return new RpcException(ErrorCode.UNAVAILABLE, quarantineMessage(key, reason));
    }

    void forget(String key) {
        quarantined.remove(key);
    }

    static String quarantineMessage(String key, String reason) {
        return "Session " + key + " is quarantined: " + reason + ". Export what is readable with 'sessions:export "
                + key + " <file>' (or sessions.export), then delete it with 'sessions:delete " + key
                + "'; sessions.reset starts a fresh session on the same routing key. Other sessions are not affected";
    }

    static RpcException notFound(String key) {
        return RpcException.notFound("No session " + key + "; sessions.list shows the sessions there are");
    }
}
