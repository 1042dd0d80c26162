package dev.dx.plugin.internal.kv;

import java.nio.file.Path;

import dev.dx.db.internal.SqliteDatabase;

/** The key-value store on the real database component, as SCR would wire them; closing it closes both. */
public final class TestKv implements KvStore {
    private final SqliteDatabase db;
    private final DatabaseKvStore kv;

    private TestKv(SqliteDatabase db, DatabaseKvStore kv) {
        this.db = db;
        this.kv = kv;
    }

    public static KvStore open(Path file) {
        try {
            SqliteDatabase db = new SqliteDatabase(file, 5000, 2);
            return new TestKv(db, new DatabaseKvStore(db));
        } catch (Exception e) {
            throw new IllegalStateException("cannot open " + file, e);
        }
    }

    @Override
    public byte[] get(String plugin, String key) {
        return kv.get(plugin, key);
    }

    @Override
    public void put(String plugin, String key, byte[] value) {
        kv.put(plugin, key, value);
    }

    @Override
    public void delete(String plugin, String key) {
        kv.delete(plugin, key);
    }

    @Override
    public void deleteAll(String plugin) {
        kv.deleteAll(plugin);
    }

    @Override
    public long count(String plugin) {
        return kv.count(plugin);
    }

    @Override
    public void close() {
        db.close();
    }
}
