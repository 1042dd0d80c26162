package dev.dx.db.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dx.api.db.Database;
import dev.dx.api.db.Migration;
import dev.dx.api.rpc.ErrorCode;
import dev.dx.api.rpc.RpcException;

/** The database service: configuration, durability settings, failures that store nothing, and a clean close. */
class SqliteDatabaseTest {
    private static final List<Migration> TABLE = List.of(Migration.of(1, "t",
            "CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL)"));

    @TempDir
    Path dir;

    private final List<SqliteDatabase> open = new ArrayList<>();

    @AfterEach
    void closeAll() {
        open.forEach(SqliteDatabase::close);
    }

    private SqliteDatabase open(Map<String, Object> config) throws Exception {
        SqliteDatabase db = new SqliteDatabase(TestConfigs.of(DbConfig.class, config));
        open.add(db);
        db.migrate("test", TABLE);
        return db;
    }

    private SqliteDatabase open() throws Exception {
        return open(Map.of("path", dir.resolve("dx").resolve("dx.db").toString()));
    }

    private static int insert(Database db, String k, int v) {
        return db.write("row " + k, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO t (k, v) VALUES (?, ?)")) {
                ps.setString(1, k);
                ps.setInt(2, v);
                return ps.executeUpdate();
            }
        });
    }

    private static int count(Database db) {
        return db.read("count", c -> {
            try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM t")) {
                return rs.getInt(1);
            }
        });
    }

    private static RpcException failure(ErrorCode code, Runnable r) {
        RpcException e = assertThrows(RpcException.class, r::run);
        assertEquals(code, e.error(), e.getMessage());
        return e;
    }

    @Test
    void theConfiguredFileIsOwnerOnlyDurableAndKarafDataIsSubstituted() throws Exception {
        String before = System.getProperty("karaf.data");
        System.setProperty("karaf.data", dir.toString());
        try {
            SqliteDatabase db = open(Map.of());
            assertEquals(dir.resolve("dx").resolve("dx.db"), db.file());
        } finally {
            if (before == null) {
                System.clearProperty("karaf.data");
            } else {
                System.setProperty("karaf.data", before);
            }
        }
        Path file = dir.resolve("dx").resolve("dx.db");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        SqliteDatabase db = open.get(0);
        Map<String, String> pragmas = db.read("pragmas", c -> {
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
    }

    @Test
    void wrongConfigurationFailsActivationNamingTheKey() {
        String path = dir.resolve("x.db").toString();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> open(Map.of("path", path, "busyTimeoutMs", 5)));
        assertTrue(e.getMessage().contains("busyTimeoutMs in etc/dev.dx.db.cfg"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> open(Map.of("path", path, "readers", 0)));
        assertTrue(e.getMessage().contains("readers"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> open(Map.of("path", path + "?mode=memory")));
        assertTrue(e.getMessage().contains("'?'"), e.getMessage());
    }

    @Test
    void aFullDiskFailsTheWriteAndStoresNothing() throws Exception {
        SqliteDatabase db = open();
        insert(db, "a", 1);
        long pages = db.read("pages", c -> {
            try (ResultSet rs = c.createStatement().executeQuery("PRAGMA page_count")) {
                return rs.getLong(1);
            }
        });
        db.pragmaOnWriter("max_page_count = " + pages);
        String big = "x".repeat(200_000);
        RpcException e = failure(ErrorCode.UNAVAILABLE, () -> db.write("the big row", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO t (k, v) VALUES (?, 2)")) {
                ps.setString(1, big);
                return ps.executeUpdate();
            }
        }));
        assertTrue(e.getMessage().startsWith("Could not store the big row: the disk is full; nothing was stored"),
                e.getMessage());
        assertEquals(1, count(db));
        db.pragmaOnWriter("max_page_count = 1073741823");
        assertEquals(1, insert(db, "b", 2));
        assertEquals(2, count(db));
    }

    @Test
    void aConstraintIsAConflictAndAFailedWorkRollsBackWhole() throws Exception {
        SqliteDatabase db = open();
        insert(db, "a", 1);
        RpcException e = failure(ErrorCode.CONFLICT, () -> insert(db, "a", 2));
        assertTrue(e.getMessage().contains("nothing was stored"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> db.write("two rows", c -> {
            insert(c, "b");
            throw new IllegalStateException("changed my mind");
        }));
        assertEquals(1, count(db), "the first row of the failed work was rolled back");
    }

    private static void insert(java.sql.Connection c, String k) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO t (k, v) VALUES (?, 0)")) {
            ps.setString(1, k);
            ps.executeUpdate();
        }
    }

    @Test
    void aWriterWaitingPastTheBusyTimeoutIsToldNothingWasStored() throws Exception {
        SqliteDatabase db = open(Map.of("path", dir.resolve("busy.db").toString(), "busyTimeoutMs", 200));
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> slow = pool.submit(() -> db.write("the slow row", c -> {
                insert(c, "slow");
                inside.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return 1;
            }));
            assertTrue(inside.await(30, TimeUnit.SECONDS));
            RpcException e = failure(ErrorCode.UNAVAILABLE, () -> insert(db, "fast", 1));
            assertTrue(e.getMessage().contains("busy") && e.getMessage().contains("nothing was stored"),
                    e.getMessage());
            assertTrue(e.retryAfterMs() > 0);
            assertEquals(0, count(db), "readers are not blocked by the writer");
            release.countDown();
            assertEquals(1, slow.get(30, TimeUnit.SECONDS));
            assertEquals(1, count(db));
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void manyWritersAreSerialisedAndOnCommitRunsInCommitOrder() throws Exception {
        SqliteDatabase db = open();
        List<Integer> committed = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                int n = i;
                all.add(pool.submit(() -> db.write("row " + n, c -> {
                    insert(c, "k" + n);
                    try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM t")) {
                        return rs.getInt(1);
                    }
                }, committed::add)));
            }
            for (Future<?> f : all) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(50, count(db));
        List<Integer> expected = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            expected.add(i);
        }
        assertEquals(expected, committed, "each writer saw the rows of those before it, and onCommit ran in order");
        assertEquals(2, (int) db.write("after a failing onCommit", c -> {
            insert(c, "late");
            return 2;
        }, r -> {
            throw new IllegalStateException("listener failed");
        }), "a failure after the commit does not undo the write");
        assertEquals(51, count(db));
    }

    @Test
    void readersAreQueryOnly() throws Exception {
        SqliteDatabase db = open();
        RpcException e = failure(ErrorCode.UNAVAILABLE, () -> db.read("a sneaky write", c -> {
            insert(c, "x");
            return null;
        }));
        assertTrue(e.getMessage().startsWith("Could not read a sneaky write"), e.getMessage());
        assertEquals(0, count(db));
    }

    @Test
    void closingReleasesEveryConnectionAndLaterCallsAreRefused() throws Exception {
        Path file = dir.resolve("closing.db");
        SqliteDatabase db = open(Map.of("path", file.toString()));
        insert(db, "a", 1);
        assertEquals(1, count(db));
        assertTrue(openFiles(file) > 0);
        db.close();
        assertEquals(0, openFiles(file), "no connection is left open");
        failure(ErrorCode.UNAVAILABLE, () -> insert(db, "b", 2));
        failure(ErrorCode.UNAVAILABLE, () -> count(db));
        assertThrows(RpcException.class, () -> db.migrate("test", TABLE));

        SqliteDatabase again = open(Map.of("path", file.toString()));
        assertEquals(1, count(again), "what was stored is there after reopening");
        assertFalse(Database.isCorruption(new SQLException("busy", "x", 5)));
        assertTrue(Database.isCorruption(new RpcException(ErrorCode.UNAVAILABLE, "x", new SQLException("c", "x", 11))));
    }

    /** @return how many descriptors of this JVM point at the database or its WAL and shared-memory files */
    private static long openFiles(Path file) throws IOException {
        try (Stream<Path> fds = Files.list(Paths.get("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().startsWith(file.toString());
                } catch (IOException e) {
                    return false;
                }
            }).count();
        }
    }
}
