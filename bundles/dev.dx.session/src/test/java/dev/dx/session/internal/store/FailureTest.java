package dev.dx.session.internal.store;

import static dev.dx.session.internal.store.SessionStoreTest.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

import dev.dx.api.event.Topics;
import dev.dx.api.rpc.ErrorCode;
import dev.dx.api.rpc.RpcException;
import dev.dx.api.session.HistoryQuery;
import dev.dx.api.session.NewMessage;
import dev.dx.api.session.Session;
import dev.dx.api.session.SessionQuery;
import dev.dx.api.session.SessionState;
import dev.dx.util.id.Ulid;

/** Damaged rows and failing writes: one bad session is quarantined, a failed write acknowledges nothing. */
class FailureTest {
    @TempDir
    Path dir;

    private final RecordingEventAdmin events = new RecordingEventAdmin();
    private SqliteSessionStore store;
    private Path db;

    @BeforeEach
    void open() throws Exception {
        db = dir.resolve("dx.db");
        store = Stores.open(db, events);
    }

    @AfterEach
    void close() {
        Stores.close(store);
    }

    /** Changes the file behind the store's back, as a disk fault or a careless edit would. */
    private void damage(String sql, Object... args) throws Exception {
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + db);
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            assertEquals(1, ps.executeUpdate());
        }
    }

    private static RpcException unavailable(Runnable r) {
        RpcException e = assertThrows(RpcException.class, r::run);
        assertEquals(ErrorCode.UNAVAILABLE, e.error(), e.getMessage());
        return e;
    }

    @Test
    void aCorruptSessionIsQuarantinedAndEveryOtherKeepsWorking() throws Exception {
        Session a = store.create("main", "agent:main:a", null);
        Session b = store.create("main", "agent:main:b", null);
        store.append(a.key(), List.of(NewMessage.user("one"), NewMessage.assistant("two"), NewMessage.user("three")));
        store.append(b.key(), NewMessage.user("fine"));
        damage("UPDATE messages SET meta = '{\"broken' WHERE session_key = ? AND seq = 2", a.key());

        RpcException e = unavailable(() -> store.context(a.key()));
        assertTrue(e.getMessage().contains("Session " + a.key() + " is quarantined: entry 2 cannot be read (meta is "
                + "not valid JSON)"), e.getMessage());
        assertTrue(e.getMessage().contains("sessions:export " + a.key()), e.getMessage());
        assertTrue(e.getMessage().contains("sessions:delete " + a.key()), e.getMessage());
        unavailable(() -> store.append(a.key(), NewMessage.user("more")));
        unavailable(() -> store.get(a.key()));
        unavailable(() -> store.history(a.key(), new HistoryQuery(2, 10, true)));
        unavailable(() -> store.getOrCreate("main", "agent:main:a"));

        assertEquals(2, store.append(b.key(), NewMessage.assistant("still fine")).seq());
        assertEquals(2, store.context(b.key()).size());
        Session c = store.create("main", "agent:main:c", null);
        List<Session> listed = store.list(SessionQuery.all()).items();
        assertEquals(3, listed.size());
        Session shown = listed.stream().filter(s -> s.key().equals(a.key())).findFirst().orElseThrow();
        assertTrue(String.valueOf(shown.metadata().get("quarantined")).contains("entry 2"), shown.toString());
        assertEquals("degraded", store.status().get("state"));
        assertTrue(store.status().get("problems").toString().contains(a.key()));

        // export saves what is readable, and the damaged part is named
        StringWriter out = new StringWriter();
        store.export(a.key(), out);
        String[] lines = out.toString().split("\n");
        assertEquals(4, lines.length);
        assertTrue(lines[2].contains("\"unreadable\":[\"meta\"]") && lines[2].contains("\"text\":\"two\""), lines[2]);

        // the quarantine outlives a restart, until the session is deleted
        Stores.close(store);
        store = Stores.open(db, events);
        unavailable(() -> store.get(a.key()));
        assertEquals(1, store.get(b.key()).orElseThrow().messageCount() - 1);
        assertTrue(store.delete(a.key()));
        Session restored = store.importJsonl(new StringReader(out.toString()));
        assertEquals(3, store.context(restored.key()).size(), "the salvaged export imports as a healthy session");
        assertEquals("ok", store.status().get("state"));
        assertEquals(c, store.get(c.key()).orElseThrow());
    }

    @Test
    void aCorruptHeaderIsListedQuarantinedAndCanBeReset() throws Exception {
        Session a = store.create("main", "agent:main:a", Map.of("x", 1));
        Session b = store.create("main", "agent:main:b", null);
        Stores.close(store);
        damage("UPDATE sessions SET metadata = 'not json' WHERE key = ?", a.key());
        store = Stores.open(db, events);

        List<Session> listed = store.list(SessionQuery.all()).items();
        assertEquals(2, listed.size(), "listing still works");
        RpcException e = unavailable(() -> store.byRoutingKey("agent:main:a"));
        assertTrue(e.getMessage().contains("its header cannot be read"), e.getMessage());
        assertEquals(b, store.get(b.key()).orElseThrow());
        Session fresh = store.reset(a.key());
        assertEquals(SessionState.ACTIVE, fresh.state());
        assertEquals(fresh, store.byRoutingKey("agent:main:a").orElseThrow());
        assertEquals(Map.of(), fresh.metadata(), "unreadable metadata is not carried over");
    }

    @Test
    void aFailingWriteIsAnErrorAndNothingIsAcknowledged() throws Exception {
        Session s = store.create("main", "r", null);
        store.append(s.key(), List.of(NewMessage.user("1"), NewMessage.user("2")));
        long pages;
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + db);
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA page_count")) {
            pages = rs.getLong(1);
        }
        // the disk is "full": the database may not grow by a single page
        Stores.pragma(store, "max_page_count = " + pages);
        events.events.clear();
        String big = "x".repeat(200_000);
        RpcException e = unavailable(() -> store.append(s.key(), NewMessage.user(big)));
        assertTrue(e.getMessage().contains("disk is full") && e.getMessage().contains("nothing was stored"),
                e.getMessage());
        List<NewMessage> batch = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            batch.add(NewMessage.user(big));
        }
        unavailable(() -> store.append(s.key(), batch));
        String bigImport = exportOf(s.key()).replace(s.key(), new Ulid().next())
                .replace("\"text\":\"1\"", "\"text\":\"" + big + "\"");
        unavailable(() -> store.importJsonl(new StringReader(bigImport)));

        assertEquals(2, store.get(s.key()).orElseThrow().lastSeq(), "the header did not move");
        assertEquals(2, store.history(s.key(), HistoryQuery.all()).items().size(), "no entry was stored");
        assertEquals(List.of(), events.topics(), "nothing was announced");
        Stores.pragma(store, "max_page_count = 1073741823");
        assertEquals(3, store.append(s.key(), NewMessage.user(big)).seq(), "the next append follows without a gap");
        assertEquals(List.of(Topics.SESSION_MESSAGES), events.topics());
    }

    private String exportOf(String key) {
        StringWriter out = new StringWriter();
        store.export(key, out);
        return out.toString();
    }

    @Test
    void aNewerSchemaIsRefusedAtActivation() throws Exception {
        Stores.close(store);
        damage("UPDATE dx_schema SET version = 99 WHERE component = 'session'");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Stores.open(db, events));
        assertTrue(e.getMessage().contains("newer DX"), e.getMessage());
        damage("UPDATE dx_schema SET version = 1 WHERE component = 'session'");
        store = Stores.open(db, events);
        assertEquals(ErrorCode.NOT_FOUND, error(() -> store.append(new Ulid().next(), NewMessage.user("x"))));
    }
}
