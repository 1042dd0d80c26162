package dev.dx.db.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dx.api.db.Migration;

/** Numbered migrations per component in one database: applied once, in order, all or nothing per step. */
class MigratorTest {
    @TempDir
    Path dir;

    private SqliteDatabase db;

    @BeforeEach
    void open() throws Exception {
        db = new SqliteDatabase(dir.resolve("dx.db"), 1000, 2);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static final Migration ONE = Migration.of(1, "a table", "CREATE TABLE a (x INTEGER)");
    private static final Migration TWO = Migration.of(2, "a column", "ALTER TABLE a ADD COLUMN y TEXT",
            "INSERT INTO a (x, y) VALUES (1, 'added by 2')");

    private List<String> tables() {
        return db.read("tables", c -> {
            List<String> names = new java.util.ArrayList<>();
            try (ResultSet rs = c.createStatement().executeQuery(
                    "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            return names;
        });
    }

    @Test
    void aSecondMigrationIsAppliedLaterAndOnlyOnce() throws Exception {
        assertEquals(1, db.migrate("approvals", List.of(ONE)));
        assertEquals(2, db.migrate("approvals", List.of(ONE, TWO)));
        assertEquals(2, db.migrate("approvals", List.of(ONE, TWO)), "nothing to do the second time");
        assertEquals("added by 2", db.read("row", c -> {
            try (ResultSet rs = c.createStatement().executeQuery("SELECT y FROM a")) {
                rs.next();
                String y = rs.getString(1);
                assertTrue(!rs.next(), "inserted once");
                return y;
            }
        }));
    }

    @Test
    void componentsKeepTheirOwnVersions() throws Exception {
        db.migrate("approvals", List.of(ONE, TWO));
        assertEquals(1, db.migrate("plugin.kv", List.of(Migration.of(1, "kv", "CREATE TABLE kv (k TEXT PRIMARY KEY)"))));
        assertEquals(List.of("a", "dx_schema", "kv"), tables());
        assertEquals(2, db.migrate("approvals", List.of(ONE, TWO)));
    }

    @Test
    void aFailingStepLeavesNoTraceAndANewerSchemaIsRefused() throws Exception {
        db.migrate("approvals", List.of(ONE));
        Migration broken = Migration.of(2, "broken", "CREATE TABLE b (x INTEGER)", "THIS IS NOT SQL");
        assertThrows(SQLException.class, () -> db.migrate("approvals", List.of(ONE, broken)));
        assertEquals(List.of("a", "dx_schema"), tables(), "table b was rolled back with its step");
        assertEquals(1, db.migrate("approvals", List.of(ONE)));

        db.migrate("approvals", List.of(ONE, TWO));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> db.migrate("approvals", List.of(ONE)));
        assertTrue(e.getMessage().contains("approvals schema version 2, this version knows 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> db.migrate("x", List.of(TWO)), "numbered from 1");
    }
}
