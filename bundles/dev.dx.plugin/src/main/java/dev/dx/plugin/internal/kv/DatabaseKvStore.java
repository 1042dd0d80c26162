package dev.dx.plugin.internal.kv;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import dev.dx.api.db.Database;
import dev.dx.api.db.Migration;
import dev.dx.api.rpc.RpcException;

/**
 * {@link KvStore} in DX's database ({@code dx.db}, table {@code plugin_kv}): every {@code dx_kv_set} that returned is
 * on disk, and the data outlives restarts and updates of the plugin and of the host.
 */
public final class DatabaseKvStore implements KvStore {
    /** The component name of the schema steps; never rename it. */
    static final String COMPONENT = "plugin-kv";
    static final List<Migration> MIGRATIONS = List.of(Migration.of(1, "plugins' key-value store",
            "CREATE TABLE plugin_kv (plugin TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL, "
                    + "PRIMARY KEY (plugin, key)) WITHOUT ROWID"));

    private final Database db;

    public DatabaseKvStore(Database db) throws SQLException {
        this.db = db;
        db.migrate(COMPONENT, MIGRATIONS);
    }

    @Override
    public byte[] get(String plugin, String key) {
        return read("a value of plugin " + plugin, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT value FROM plugin_kv WHERE plugin=? AND key=?")) {
                ps.setString(1, plugin);
                ps.setString(2, key);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getBytes(1) : null;
                }
            }
        });
    }

    @Override
    public void put(String plugin, String key, byte[] value) {
        if (value.length > MAX_VALUE_BYTES) {
            throw new KvException("a value is at most " + MAX_VALUE_BYTES + " bytes; this one is " + value.length,
                    true, null);
        }
        write("a value of plugin " + plugin, c -> {
            try (PreparedStatement sum = c.prepareStatement("SELECT COALESCE(SUM(LENGTH(value)), 0) FROM plugin_kv "
                    + "WHERE plugin=? AND key<>?")) {
                sum.setString(1, plugin);
                sum.setString(2, key);
                try (ResultSet rs = sum.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) + value.length > MAX_PLUGIN_BYTES) {
                        // thrown inside the transaction: it is rolled back and nothing is stored
                        throw new KvException("plugin " + plugin + " would store more than " + MAX_PLUGIN_BYTES
                                + " bytes; delete keys first", true, null);
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO plugin_kv (plugin, key, value) VALUES (?, ?, ?) "
                    + "ON CONFLICT (plugin, key) DO UPDATE SET value = excluded.value")) {
                ps.setString(1, plugin);
                ps.setString(2, key);
                ps.setBytes(3, value);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void delete(String plugin, String key) {
        update("DELETE FROM plugin_kv WHERE plugin=? AND key=?", plugin, key);
    }

    @Override
    public void deleteAll(String plugin) {
        update("DELETE FROM plugin_kv WHERE plugin=?", plugin);
    }

    @Override
    public long count(String plugin) {
        return read("the keys of plugin " + plugin, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM plugin_kv WHERE plugin=?")) {
                ps.setString(1, plugin);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    private void update(String sql, String... args) {
        write("the values of plugin " + args[0], c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    ps.setString(i + 1, args[i]);
                }
                return ps.executeUpdate();
            }
        });
    }

    private <T> T read(String what, dev.dx.api.db.SqlWork<T> work) {
        try {
            return db.read(what, work);
        } catch (RpcException e) {
            throw new KvException(e.getMessage(), false, e);
        }
    }

    private <T> T write(String what, dev.dx.api.db.SqlWork<T> work) {
        try {
            return db.write(what, work);
        } catch (RpcException e) {
            throw new KvException(e.getMessage(), false, e);
        }
    }

    @Override
    public void close() {
        // the database belongs to its own component
    }
}
