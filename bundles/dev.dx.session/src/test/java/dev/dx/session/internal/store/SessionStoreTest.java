package dev.dx.session.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dx.api.event.Topics;
import dev.dx.api.rpc.ErrorCode;
import dev.dx.api.rpc.RpcException;
import dev.dx.api.session.NewMessage;
import dev.dx.api.session.Page;
import dev.dx.api.session.Session;
import dev.dx.api.session.SessionPatch;
import dev.dx.api.session.SessionQuery;
import dev.dx.api.session.SessionState;
import dev.dx.session.internal.SessionConfig;
import dev.dx.session.internal.TestConfigs;
import dev.dx.util.id.Ulid;

/** Session headers on a real SQLite file: create, find, list, patch, reset, archive, delete, events, reopen. */
class SessionStoreTest {
    @TempDir
    Path dir;

    private final RecordingEventAdmin events = new RecordingEventAdmin();
    private SqliteSessionStore store;

    @BeforeEach
    void open() throws Exception {
        store = Stores.open(dir.resolve("dx").resolve("dx.db"), events);
    }

    @AfterEach
    void close() {
        Stores.close(store);
    }

    /** Times have millisecond resolution: make the next change visibly later than the previous ones. */
    static void nextMillisecond() {
        long now = System.currentTimeMillis();
        while (System.currentTimeMillis() == now) {
            Thread.onSpinWait();
        }
    }

    static ErrorCode error(Runnable r) {
        return assertThrows(RpcException.class, r::run).error();
    }

    @Test
    void createGetAndDelete() throws Exception {
        Session s = store.create("main", "agent:main:main", Map.of("title", "Hello", "n", 1));
        assertTrue(Ulid.isValid(s.key()), s.key());
        assertEquals("main", s.agentId());
        assertEquals(SessionState.ACTIVE, s.state());
        assertEquals(0, s.lastSeq());
        assertEquals(Map.of("title", "Hello", "n", 1), s.metadata());
        assertEquals(s, store.get(s.key()).orElseThrow());
        assertEquals(s, store.byRoutingKey("agent:main:main").orElseThrow());
        assertTrue(store.get(new Ulid().next()).isEmpty());

        Path db = dir.resolve("dx").resolve("dx.db");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(db)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(db.getParent())));

        store.append(s.key(), NewMessage.user("hi"));
        assertTrue(store.delete(s.key()));
        assertFalse(store.delete(s.key()));
        assertTrue(store.get(s.key()).isEmpty());
        assertEquals(ErrorCode.NOT_FOUND, error(() -> store.append(s.key(), NewMessage.user("gone"))));
        assertEquals(List.of(Topics.SESSION_CREATED, Topics.SESSION_MESSAGES, Topics.SESSION_DELETED), events.topics());
        assertEquals(Map.of("key", s.key()), events.events.get(2).getProperty(Topics.PAYLOAD));
        assertEquals(s, events.events.get(0).getProperty(Topics.PAYLOAD));
    }

    @Test
    void badKeysAndNamesAreRefusedBeforeAnyUse() throws Exception {
        for (String bad : new String[] {"../../etc/passwd", "", "01ARZ3NDEKTSV4RRFFQ69G5FA", "01arz3ndektsv4rrffq69g5fav",
                "01ARZ3NDEKTSV4RRFFQ69G5FAI", "81ARZ3NDEKTSV4RRFFQ69G5FAV", "01ARZ3NDEKTSV4RRFFQ69G5FA/", "%2e%2e%2f",
                "01ARZ3NDEKTSV4RRFFQ69G5F\u0000V"}) {
            assertEquals(ErrorCode.INVALID_PARAMS, error(() -> store.get(bad)), bad);
            assertEquals(ErrorCode.INVALID_PARAMS, error(() -> store.append(bad, NewMessage.user("x"))), bad);
            assertEquals(ErrorCode.INVALID_PARAMS, error(() -> store.delete(bad)), bad);
            assertEquals(ErrorCode.INVALID_PARAMS, error(() -> store.export(bad, new java.io.StringWriter())), bad);
        }
        assertEquals(ErrorCode.INVALID_PARAMS, error(() -> store.get(null)));
        assertEquals(ErrorCode.INVALID_PARAMS, error(() -> store.create("../x", "r", null)));
        assertEquals(ErrorCode.INVALID_PARAMS, error(() -> store.create("main", "", null)));
        assertEquals(ErrorCode.INVALID_PARAMS, error(() -> store.create("main", "a\nb", null)));
        assertEquals(ErrorCode.INVALID_PARAMS, error(() -> store.create("main", "r".repeat(513), null)));
        try (var files = Files.list(dir.resolve("dx"))) {
            assertEquals(Set.of("dx.db", "dx.db-wal", "dx.db-shm"),
                    new HashSet<>(files.map(p -> p.getFileName().toString()).toList()), "nothing else was touched");
        }
        assertEquals(List.of(), events.topics());
    }

    @Test
    void oneActiveSessionPerRoutingKey() {
        Session a = store.create("main", "agent:main:telegram:dm:1", null);
        RpcException e = assertThrows(RpcException.class, () -> store.create("main", "agent:main:telegram:dm:1", null));
        assertEquals(ErrorCode.CONFLICT, e.error());
        assertTrue(e.getMessage().contains(a.key()), e.getMessage());
        assertEquals(a, store.getOrCreate("main", "agent:main:telegram:dm:1"));
        assertEquals(1, store.list(SessionQuery.all()).items().size());

        Session archived = store.archive(a.key());
        assertEquals(SessionState.ARCHIVED, archived.state());
        assertEquals(archived, store.archive(a.key()), "archiving twice changes nothing");
        assertTrue(store.byRoutingKey("agent:main:telegram:dm:1").isEmpty());
        Session b = store.getOrCreate("main", "agent:main:telegram:dm:1");
        assertNotEquals(a.key(), b.key());
        assertEquals(SessionState.ACTIVE, b.state());
        assertEquals(b, store.byRoutingKey("agent:main:telegram:dm:1").orElseThrow());
    }

    @Test
    void resetArchivesAndStartsFreshWithTheSameRoutingKey() {
        Session a = store.create("main", "agent:main:main", Map.of("channel", Map.of("chat", 42)));
        store.append(a.key(), NewMessage.user("hi"));
        store.patch(a.key(), new SessionPatch(null, "anthropic/claude", 10L, 5L));
        events.events.clear();
        Session b = store.reset(a.key());
        assertNotEquals(a.key(), b.key());
        assertEquals(SessionState.ACTIVE, b.state());
        assertEquals("agent:main:main", b.routingKey());
        assertEquals(Map.of("channel", Map.of("chat", 42)), b.metadata(), "channel details carry over");
        assertEquals("anthropic/claude", b.model());
        assertEquals(0, b.lastSeq());
        assertEquals(0, b.inputTokens());
        assertEquals(SessionState.ARCHIVED, store.get(a.key()).orElseThrow().state());
        assertEquals(1, store.get(a.key()).orElseThrow().lastSeq(), "the old transcript is kept");
        assertEquals(b, store.byRoutingKey("agent:main:main").orElseThrow());
        assertEquals(List.of(Topics.SESSION_UPDATED, Topics.SESSION_CREATED), events.topics());

        // an archived session whose routing key has moved on cannot be reset onto it
        assertEquals(ErrorCode.CONFLICT, error(() -> store.reset(a.key())));
        Session c = store.reset(b.key());
        assertEquals(SessionState.ACTIVE, c.state());
    }

    @Test
    void patchMergesMetadataSetsModelAndAddsTokens() {
        Session s = store.create("main", "r", Map.of("title", "t", "labels", Map.of("a", 1, "b", 2), "keep", true));
        Map<String, Object> patch = new HashMap<>();
        patch.put("title", null);
        patch.put("labels", new HashMap<>(Map.of("b", 3, "c", 4)));
        ((Map<String, Object>) patch.get("labels")).put("a", null);
        patch.put("new", List.of(1, 2));
        Session p = store.patch(s.key(), new SessionPatch(patch, "openai/gpt", 100L, 20L));
        assertEquals(Map.of("labels", Map.of("b", 3, "c", 4), "keep", true, "new", List.of(1, 2)), p.metadata());
        assertEquals("openai/gpt", p.model());
        assertEquals(100, p.inputTokens());
        assertEquals(20, p.outputTokens());
        Session q = store.patch(s.key(), new SessionPatch(null, null, 1L, null));
        assertEquals(101, q.inputTokens());
        assertEquals("openai/gpt", q.model(), "null leaves a field as it is");
        assertEquals(p.metadata(), q.metadata());
        assertEquals(q, store.get(s.key()).orElseThrow());
        assertEquals(ErrorCode.INVALID_PARAMS, error(() -> store.patch(s.key(), new SessionPatch(null, null, -1L, null))));
        assertEquals(ErrorCode.NOT_FOUND, error(() -> store.patch(new Ulid().next(), new SessionPatch(null, "m", null, null))));
        assertThrows(UnsupportedOperationException.class, () -> q.metadata().put("x", 1), "cached values are read-only");
    }

    @Test
    void listFiltersAndPagesWithoutGapsOrRepeats() throws Exception {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            String agent = i % 2 == 0 ? "main" : "work";
            keys.add(store.create(agent, "agent:" + agent + (i % 5 == 0 ? ":100%_x:" : ":tg:") + i, null).key());
        }
        store.archive(keys.get(3));
        nextMillisecond();
        store.append(keys.get(0), NewMessage.user("bump"));

        Set<String> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        Session previous = null;
        do {
            Page<Session> page = store.list(new SessionQuery(null, null, null, 10, cursor));
            for (Session s : page.items()) {
                assertTrue(seen.add(s.key()), "no repeats");
                if (previous != null) {
                    assertTrue(previous.updatedAt().compareTo(s.updatedAt()) >= 0, "newest first");
                }
                previous = s;
            }
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null);
        assertEquals(3, pages);
        assertEquals(new HashSet<>(keys), seen);
        assertEquals(keys.get(0), store.list(new SessionQuery(null, null, null, 1, null)).items().get(0).key());

        assertEquals(13, store.list(new SessionQuery("main", null, null, 100, null)).items().size());
        assertEquals(1, store.list(new SessionQuery(null, SessionState.ARCHIVED, null, 100, null)).items().size());
        assertEquals(24, store.list(new SessionQuery(null, SessionState.ACTIVE, null, 100, null)).items().size());
        // the prefix is literal: % and _ are not wildcards
        List<Session> literal = store.list(new SessionQuery(null, null, "agent:main:100%_x", 100, null)).items();
        assertEquals(3, literal.size(), literal.toString());
        assertEquals(0, store.list(new SessionQuery(null, null, "agent:main:100%%", 100, null)).items().size());
        assertEquals(ErrorCode.INVALID_PARAMS, error(() -> store.list(new SessionQuery(null, null, null, 0, null))));
        assertEquals(ErrorCode.INVALID_PARAMS, error(() -> store.list(new SessionQuery(null, null, null, 1001, null))));
        assertEquals(ErrorCode.INVALID_PARAMS, error(() -> store.list(new SessionQuery(null, null, null, 5, "x' OR 1=1"))));
    }

    @Test
    void everythingSurvivesReopeningAndTheCacheIsNeverAheadOfTheDisk() throws Exception {
        Session s = store.create("main", "r", Map.of("a", 1));
        store.append(s.key(), List.of(NewMessage.user("one"), NewMessage.assistant("two")));
        Session patched = store.patch(s.key(), new SessionPatch(Map.of("b", 2), "m", 3L, 4L));
        Stores.close(store);
        store = Stores.open(dir.resolve("dx").resolve("dx.db"), Map.of("cacheSize", 0), events);
        assertEquals(patched, store.get(s.key()).orElseThrow());
        assertEquals(2, store.context(s.key()).size());
        assertEquals(3, store.append(s.key(), NewMessage.user("three")).seq());
    }

    @Test
    void configurationChangesApplyWithoutRestart() throws Exception {
        Session s = store.create("main", "r", null);
        Path file = dir.resolve("dx").resolve("dx.db");
        store.modified(TestConfigs.of(SessionConfig.class, Map.of("cacheSize", 1)));
        assertEquals(file, store.databaseFile(), "a new cache size keeps the database");
        assertEquals(s, store.get(s.key()).orElseThrow());
        Session t = store.create("main", "t", null);
        assertEquals(s, store.get(s.key()).orElseThrow(), "read through a cache of one");
        assertEquals(t, store.get(t.key()).orElseThrow());
        assertThrows(IllegalArgumentException.class,
                () -> store.modified(TestConfigs.of(SessionConfig.class, Map.of("cacheSize", -1))));
        assertEquals(2, store.list(SessionQuery.all()).items().size(), "a refused change keeps what runs");
    }

    @Test
    void aStoppedStoreRefusesCleanly() {
        Session s = store.create("main", "r", null);
        // the database stays open: a stopped store refuses by itself, it does not write through a stale reference
        store.deactivate();
        assertEquals(ErrorCode.UNAVAILABLE, error(() -> store.append(s.key(), NewMessage.user("late"))));
        assertEquals(ErrorCode.UNAVAILABLE, error(() -> store.list(SessionQuery.all())));
    }

    @Test
    void theDatabaseIsDurableByConfiguration() {
        Session s = store.create("main", "r", null);
        store.append(s.key(), NewMessage.user("x"));
        Map<String, String> pragmas = Stores.database(store).read("pragmas", c -> {
            Map<String, String> p = new HashMap<>();
            for (String name : new String[] {"journal_mode", "synchronous", "foreign_keys", "busy_timeout"}) {
                try (var st = c.createStatement(); var rs = st.executeQuery("PRAGMA " + name)) {
                    p.put(name, rs.getString(1));
                }
            }
            return p;
        });
        assertEquals(Map.of("journal_mode", "wal", "synchronous", "2", "foreign_keys", "1", "busy_timeout", "5000"),
                pragmas, "WAL, synchronous=FULL (2), foreign keys on");
        store.delete(s.key());
        assertEquals(0, (int) Stores.database(store).read("count", c -> {
            try (var st = c.createStatement(); var rs = st.executeQuery("SELECT count(*) FROM messages")) {
                return rs.getInt(1);
            }
        }), "the transcript went with its session");
    }

    @Test
    void statusReportsTheDatabaseAndCounts() {
        store.create("main", "r", null);
        Map<String, Object> status = store.status();
        assertEquals("ok", status.get("state"));
        assertEquals(1L, status.get("sessions"));
        assertNull(status.get("problems"));
        assertEquals("sessions", store.name());
    }

    @Test
    void aDatabaseWrittenBeforeTheDatabaseServiceExistedOpensAsItIs() throws Exception {
        Path old = dir.resolve("old").resolve("dx.db");
        Files.createDirectories(old.getParent());
        // what the session bundle wrote when it still owned the file: its tables and its own dx_schema row
        org.sqlite.SQLiteDataSource ds = new org.sqlite.SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + old);
        String key = new Ulid().next();
        try (var c = ds.getConnection(); var st = c.createStatement()) {
            st.execute("CREATE TABLE dx_schema (component TEXT PRIMARY KEY, version INTEGER NOT NULL, "
                    + "updated_at INTEGER NOT NULL)");
            for (String sql : SessionSchema.MIGRATIONS.get(0).statements()) {
                st.execute(sql);
            }
            st.execute("INSERT INTO dx_schema VALUES ('session', 1, 0)");
            st.execute("INSERT INTO sessions (key, agent_id, routing_key, state, created_at, updated_at) VALUES ('"
                    + key + "', 'main', 'agent:main:old', 'ACTIVE', 1, 1)");
        }
        SqliteSessionStore reopened = Stores.open(old, null);
        try {
            assertEquals("agent:main:old", reopened.get(key).orElseThrow().routingKey());
            assertEquals(1, reopened.append(key, NewMessage.user("still works")).seq());
            assertEquals(1, (int) Stores.database(reopened).read("schema", c -> {
                try (var st = c.createStatement(); var rs = st.executeQuery(
                        "SELECT version FROM dx_schema WHERE component = 'session'")) {
                    return rs.getInt(1);
                }
            }), "no migration ran again");
        } finally {
            Stores.close(reopened);
        }
    }
}
