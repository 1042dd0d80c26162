package dev.dx.db.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dx.api.db.Migration;

/**
 * Brings one component's tables up to date. Versions are kept per component in {@code dx_schema}, so every bundle
 * that stores in {@code dx.db} owns its own numbered migrations and never has to know another's.
 */
final class Migrator {
    static final String TABLE = "dx_schema";
    private static final Logger LOG = LoggerFactory.getLogger(Migrator.class);

    private Migrator() {
    }

    /**
     * Applies the migrations the database lacks, each in its own immediate transaction.
     *
     * @return the schema version now
     * @throws IllegalStateException if the database holds a newer schema than {@code migrations} describe
     */
    static int migrate(Connection c, String component, List<Migration> migrations) throws SQLException {
        for (int i = 0; i < migrations.size(); i++) {
            if (migrations.get(i).version() != i + 1) {
                throw new IllegalArgumentException(component + " migrations must be numbered 1, 2, 3 … without gaps");
            }
        }
        exec(c, "CREATE TABLE IF NOT EXISTS " + TABLE + " (component TEXT PRIMARY KEY, version INTEGER NOT NULL, "
                + "updated_at INTEGER NOT NULL)");
        int version = 0;
        for (Migration m : migrations) {
            exec(c, "BEGIN IMMEDIATE");
            try {
                version = version(c, component);
                if (version < m.version()) {
                    for (String sql : m.statements()) {
                        exec(c, sql);
                    }
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE
                            + " (component, version, updated_at) VALUES (?, ?, ?) ON CONFLICT(component) DO UPDATE "
                            + "SET version = excluded.version, updated_at = excluded.updated_at")) {
                        ps.setString(1, component);
                        ps.setInt(2, m.version());
                        ps.setLong(3, System.currentTimeMillis());
                        ps.executeUpdate();
                    }
                    version = m.version();
                    LOG.info("Database schema of {} migrated to version {}: {}", component, version, m.description());
                }
                exec(c, "COMMIT");
            } catch (SQLException | RuntimeException e) {
                exec(c, "ROLLBACK");
                throw e;
            }
        }
        version = version(c, component);
        if (version > migrations.size()) {
            throw new IllegalStateException("The database was written by a newer DX: " + component + " schema version "
                    + version + ", this version knows " + migrations.size() + ". Install the newer DX again, or "
                    + "restore a backup of the database made before the upgrade");
        }
        return version;
    }

    private static int version(Connection c, String component) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT version FROM " + TABLE + " WHERE component = ?")) {
            ps.setString(1, component);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
