package dev.dx.plugin.internal.kv;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * {@link KvStore} in its own SQLite file ({@code ${karaf.data}/dx/plugins/kv.db}), WAL mode with
 * {@code synchronous=FULL}: a {@code dx_kv_set} that returned survives a crash. One connection, one writer; the
 * plugin calls that use it are short.
 */
public final class SqliteKvStore implements KvStore {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteKvStore.class);
    private final Connection connection;

    public SqliteKvStore(Path file) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(5000);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        try {
            connection = ds.getConnection();
            try (Statement s = connection.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS plugin_kv (plugin TEXT NOT NULL, key TEXT NOT NULL, "
                        + "value BLOB NOT NULL, PRIMARY KEY (plugin, key)) WITHOUT ROWID");
            }
        } catch (SQLException e) {
            throw new KvException("cannot open the plugin key-value store " + file + ": " + e.getMessage(), false, e);
        }
    }

    @Override
    public synchronized byte[] get(String plugin, String key) {
        try (PreparedStatement ps = connection.prepareStatement("SELECT value FROM plugin_kv WHERE plugin=? AND key=?")) {
            ps.setString(1, plugin);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public synchronized void put(String plugin, String key, byte[] value) {
        if (value.length > MAX_VALUE_BYTES) {
            throw new KvException("a value is at most " + MAX_VALUE_BYTES + " bytes; this one is " + value.length,
                    true, null);
        }
        try (PreparedStatement sum = connection.prepareStatement("SELECT COALESCE(SUM(LENGTH(value)), 0) FROM "
                + "plugin_kv WHERE plugin=? AND key<>?")) {
            sum.setString(1, plugin);
            sum.setString(2, key);
            try (ResultSet rs = sum.executeQuery()) {
                rs.next();
                if (rs.getLong(1) + value.length > MAX_PLUGIN_BYTES) {
                    throw new KvException("plugin " + plugin + " would store more than " + MAX_PLUGIN_BYTES
                            + " bytes; delete keys first", true, null);
                }
            }
            try (PreparedStatement ps = connection.prepareStatement("INSERT INTO plugin_kv (plugin, key, value) "
                    + "VALUES (?, ?, ?) ON CONFLICT (plugin, key) DO UPDATE SET value = excluded.value")) {
                ps.setString(1, plugin);
                ps.setString(2, key);
                ps.setBytes(3, value);
                ps.executeUpdate();
            }
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public synchronized void delete(String plugin, String key) {
        update("DELETE FROM plugin_kv WHERE plugin=? AND key=?", plugin, key);
    }

    @Override
    public synchronized void deleteAll(String plugin) {
        update("DELETE FROM plugin_kv WHERE plugin=?", plugin);
    }

    @Override
    public synchronized long count(String plugin) {
        try (PreparedStatement ps = connection.prepareStatement("SELECT COUNT(*) FROM plugin_kv WHERE plugin=?")) {
            ps.setString(1, plugin);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    private void update(String sql, String... args) {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    private static KvException failed(SQLException e) {
        return new KvException("the plugin key-value store failed: " + e.getMessage(), false, e);
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("Closing the plugin key-value store failed", e);
        }
    }
}
