package dev.dx.session.internal.store;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.Map;

import dev.dx.db.internal.SqliteDatabase;
import dev.dx.session.internal.SessionConfig;
import dev.dx.session.internal.TestConfigs;
import dev.dx.testsupport.component.Inject;

/**
 * Opens real stores on real SQLite files, as SCR would: the database component first, then the store with its fields
 * injected and activated. {@link #close} undoes both.
 */
final class Stores {
    private static final Map<SqliteSessionStore, SqliteDatabase> DATABASES = new IdentityHashMap<>();

    private Stores() {
    }

    static SqliteSessionStore open(Path db, RecordingEventAdmin events) throws Exception {
        return open(db, Map.of(), events);
    }

    static SqliteSessionStore open(Path db, Map<String, Object> config, RecordingEventAdmin events) throws Exception {
        SqliteDatabase database = new SqliteDatabase(db, 5000, 4);
        try {
            SqliteSessionStore store = new SqliteSessionStore();
            Inject.field(store, "database", database);
            if (events != null) {
                Inject.field(store, "eventAdmin", events);
            }
            store.activate(TestConfigs.of(SessionConfig.class, config));
            synchronized (DATABASES) {
                DATABASES.put(store, database);
            }
            return store;
        } catch (Exception | Error e) {
            database.close();
            throw e;
        }
    }

    /** @return the database under a store, for tests that simulate failures */
    static SqliteDatabase database(SqliteSessionStore store) {
        synchronized (DATABASES) {
            return DATABASES.get(store);
        }
    }

    /** Deactivates the store and closes its database, as stopping both bundles would. */
    static void close(SqliteSessionStore store) {
        store.deactivate();
        SqliteDatabase db;
        synchronized (DATABASES) {
            db = DATABASES.remove(store);
        }
        if (db != null) {
            db.close();
        }
    }

    static void pragma(SqliteSessionStore store, String pragma) throws SQLException {
        database(store).pragmaOnWriter(pragma);
    }
}
