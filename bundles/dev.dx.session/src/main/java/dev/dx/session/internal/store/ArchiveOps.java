package dev.dx.session.internal.store;

import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Objects;

import dev.dx.api.rpc.ErrorCode;
import dev.dx.api.rpc.RpcException;
import dev.dx.api.session.Session;
import dev.dx.api.session.SessionState;

/** Export to and import from JSONL. Neither ever derives a file name from a key: they work on streams only. */
final class ArchiveOps {
    private final Store store;

    ArchiveOps(Store store) {
        this.store = store;
    }

    /** Writes header and entries from one snapshot; works on quarantined sessions too, saving what is readable. */
    void export(String key, Writer out) {
        Names.key(key);
        Objects.requireNonNull(out, "out must not be null");
        try {
            store.db.read("the export of session " + key, c -> {
                Header h = store.sessions.find(c, key);
                if (h == null) {
                    throw Store.notFound(key);
                }
                JsonlExport export = new JsonlExport(store.json.mapper(), out);
                export.header(h.session());
                store.messages.forEachLenient(c, key, export::entry);
                return null;
            });
            out.flush();
        } catch (UncheckedIOException e) {
            throw new RpcException(ErrorCode.UNAVAILABLE, "Could not write the export of session " + key, e.getCause());
        } catch (java.io.IOException e) {
            throw new RpcException(ErrorCode.UNAVAILABLE, "Could not write the export of session " + key, e);
        }
    }

    /** Checks the whole export first, then stores it in one transaction: all of it or nothing. */
    Session importJsonl(Reader in) {
        Objects.requireNonNull(in, "in must not be null");
        JsonlImport.Imported imported = new JsonlImport(store.json.mapper()).read(in);
        Session s = imported.session();
        String metadata = store.json.write(s.metadata(), "metadata");
        return store.db.write("the imported session " + s.key(), c -> {
            if (store.sessions.find(c, s.key()) != null) {
                throw new RpcException(ErrorCode.CONFLICT, "Session " + s.key() + " exists already; delete it first "
                        + "(sessions:delete " + s.key() + ") to replace it with the imported one");
            }
            Session stored = s;
            if (s.state() == SessionState.ACTIVE && store.sessions.findActive(c, s.routingKey()) != null) {
                // another session is active on this routing key: keep that one routed, import this one archived
                stored = new Session(s.key(), s.agentId(), s.routingKey(), SessionState.ARCHIVED, s.createdAt(),
                        s.updatedAt(), s.metadata(), s.model(), s.inputTokens(), s.outputTokens(), s.messageCount(),
                        s.lastSeq());
            }
            store.sessions.insert(c, stored, metadata);
            store.messages.insertImported(c, s.key(), imported.entries());
            return stored;
        }, stored -> {
            store.cache.committed(new Header(stored, null));
            store.events.created(stored);
        });
    }
}
