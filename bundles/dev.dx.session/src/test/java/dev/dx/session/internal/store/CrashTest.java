package dev.dx.session.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

import dev.dx.api.session.HistoryQuery;
import dev.dx.api.session.Message;
import dev.dx.api.session.Page;
import dev.dx.api.session.Role;

/**
 * {@code kill -9} during heavy appends, five times over the same database: it always opens, passes the integrity
 * check, and holds every entry that was acknowledged, numbered without gaps; an unfinished tool call is repaired.
 */
class CrashTest {
    @TempDir
    Path dir;

    @Test
    void killDashNineNeverLosesAnAcknowledgedAppend() throws Exception {
        Path db = dir.resolve("dx.db");
        SqliteSessionStore setup = Stores.open(db, null);
        String key = setup.create("main", "agent:main:crash", null).key();
        Stores.close(setup);

        Random random = new Random();
        Set<Long> acknowledged = new HashSet<>();
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        for (int round = 0; round < 5; round++) {
            Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    CrashAppender.class.getName(), db.toString(), key)
                    .redirectError(dir.resolve("child-" + round + ".log").toFile())
                    .start();
            int killAfter = 20 + random.nextInt(2000);
            int before = acknowledged.size();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                int read = 0;
                while (read < killAfter && (line = out.readLine()) != null) {
                    acknowledged.add(seq(line));
                    read++;
                }
                assertTrue(child.isAlive(), "the appender ran until the kill; see child-" + round + ".log");
                // SIGKILL; through the handle, because Process.destroyForcibly() also closes our end of the pipe
                // and would throw away what the child printed just before it died
                child.toHandle().destroyForcibly();
                assertTrue(child.waitFor(30, TimeUnit.SECONDS));
                // whatever it printed before it died was acknowledged too
                while ((line = out.readLine()) != null) {
                    if (line.endsWith(";")) {
                        acknowledged.add(seq(line));
                    }
                }
            }
            assertEquals(137, child.exitValue(), "killed by SIGKILL");
            assertTrue(acknowledged.size() > before);

            assertEquals("ok", integrityCheck(db));
            SqliteSessionStore store = Stores.open(db, null);
            try {
                List<Long> stored = allSeqs(store, key);
                for (int i = 0; i < stored.size(); i++) {
                    assertEquals(i + 1L, stored.get(i), "numbered without gaps");
                }
                Set<Long> missing = new HashSet<>(acknowledged);
                missing.removeAll(stored);
                assertEquals(Set.of(), missing, "round " + round + ": every acknowledged entry is there");
                assertEquals(stored.size(), store.get(key).orElseThrow().lastSeq());

                List<Message> context = store.context(key);
                Set<String> open = new HashSet<>();
                for (Message m : context) {
                    if (m.role() == Role.TOOL_CALL) {
                        open.add(m.toolCall().id());
                    } else if (m.role() == Role.TOOL_RESULT) {
                        open.remove(m.toolCall().id());
                    }
                }
                assertEquals(Set.of(), open, "every call has a result after context()");
            } finally {
                Stores.close(store);
            }
        }
    }

    private static long seq(String line) {
        assertTrue(line.matches("[0-9]+;"), line);
        return Long.parseLong(line.substring(0, line.length() - 1));
    }

    private static List<Long> allSeqs(SqliteSessionStore store, String key) {
        List<Long> seqs = new java.util.ArrayList<>();
        long after = 0;
        while (true) {
            Page<Message> page = store.history(key, new HistoryQuery(after, 10_000, true));
            page.items().forEach(m -> seqs.add(m.seq()));
            if (page.nextCursor() == null) {
                return seqs;
            }
            after = Long.parseLong(page.nextCursor());
        }
    }

    private static String integrityCheck(Path db) throws Exception {
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + db);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            return rs.next() ? rs.getString(1) : "no answer";
        }
    }
}
