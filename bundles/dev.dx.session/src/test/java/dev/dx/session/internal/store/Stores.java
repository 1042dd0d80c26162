package dev.dx.session.internal.store;

import java.nio.file.Path;
import java.util.Map;

import dev.dx.session.internal.SessionConfig;
import dev.dx.session.internal.TestConfigs;
import dev.dx.testsupport.component.Inject;

/** Opens real stores on real SQLite files, as SCR would: fields injected, then activate. */
final class Stores {
    private Stores() {
    }

    static SqliteSessionStore open(Path db, RecordingEventAdmin events) throws Exception {
        return open(TestConfigs.session(db), events);
    }

    static SqliteSessionStore open(Path db, Map<String, Object> config, RecordingEventAdmin events) throws Exception {
        Map<String, Object> c = new java.util.HashMap<>(config);
        c.put("databasePath", db.toString());
        return open(TestConfigs.of(SessionConfig.class, c), events);
    }

    static SqliteSessionStore open(SessionConfig config, RecordingEventAdmin events) throws Exception {
        SqliteSessionStore store = new SqliteSessionStore();
        if (events != null) {
            Inject.field(store, "eventAdmin", events);
        }
        store.activate(config);
        return store;
    }
}
