package dev.dx.memory.internal.store;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import dev.dx.api.memory.MemoryDocument;
import dev.dx.api.memory.MemoryMetadata;
import dev.dx.util.fs.OwnerOnly;

/**
 * The documents stored through the API, in the memory's own SQLite file (WAL, synchronous writes): the source of
 * truth the index is rebuilt from. One connection, used under this object's lock.
 */
public final class DocumentDb implements AutoCloseable {
    private final Connection connection;

    private DocumentDb(Connection connection) {
        this.connection = connection;
    }

    /**
     * Opens (or creates) the database.
     *
     * @param file the SQLite file
     * @throws IOException if it cannot be opened or is not a memory database
     */
    public static DocumentDb open(Path file) throws IOException {
        // memories are personal: a new folder and database are the owner's only (SQLite gives -wal and -shm the
        // database file's permissions)
        OwnerOnly.createFile(file);
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(10_000);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        try {
            Connection c = ds.getConnection();
            try (Statement st = c.createStatement()) {
                st.executeUpdate("CREATE TABLE IF NOT EXISTS documents (id TEXT PRIMARY KEY, text TEXT NOT NULL, "
                        + "source TEXT NOT NULL, path TEXT NOT NULL, agent TEXT NOT NULL, created INTEGER NOT NULL, "
                        + "tags TEXT NOT NULL, hash TEXT NOT NULL, updated INTEGER NOT NULL)");
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            return new DocumentDb(c);
        } catch (SQLException e) {
            throw new IOException("Cannot open the memory database " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Inserts or replaces a document; durable when this returns.
     *
     * @param d    the document, with id and creation time
     * @param hash the hash of its text and metadata
     */
    public synchronized void put(MemoryDocument d, String hash) throws IOException {
        try (PreparedStatement ps = connection.prepareStatement("INSERT OR REPLACE INTO documents "
                + "(id, text, source, path, agent, created, tags, hash, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            MemoryMetadata m = d.metadata();
            ps.setString(1, d.id());
            ps.setString(2, d.text());
            ps.setString(3, m.source());
            ps.setString(4, m.path());
            ps.setString(5, m.agent());
            ps.setLong(6, m.created().toEpochMilli());
            ps.setString(7, String.join("\n", m.tags()));
            ps.setString(8, hash);
            ps.setLong(9, System.currentTimeMillis());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IOException("Cannot store memory " + d.id() + ": " + e.getMessage(), e);
        }
    }

    /** @return the document, or empty */
    public synchronized Optional<MemoryDocument> get(String id) throws IOException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT id, text, source, path, agent, created, tags FROM documents WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IOException("Cannot read memory " + id + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param ids document ids (at most a few hundred)
     * @return those that exist, in no particular order
     */
    public synchronized List<MemoryDocument> getAll(List<String> ids) throws IOException {
        List<MemoryDocument> out = new ArrayList<>(ids.size());
        if (ids.isEmpty()) {
            return out;
        }
        String marks = String.join(",", java.util.Collections.nCopies(ids.size(), "?"));
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT id, text, source, path, agent, created, tags FROM documents WHERE id IN (" + marks + ")")) {
            for (int i = 0; i < ids.size(); i++) {
                ps.setString(i + 1, ids.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IOException("Cannot read memories: " + e.getMessage(), e);
        }
    }

    /** @return whether a document was deleted */
    public synchronized boolean delete(String id) throws IOException {
        try (PreparedStatement ps = connection.prepareStatement("DELETE FROM documents WHERE id = ?")) {
            ps.setString(1, id);
            return ps.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new IOException("Cannot delete memory " + id + ": " + e.getMessage(), e);
        }
    }

    /** @return how many documents there are */
    public synchronized long count() throws IOException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM documents")) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            throw new IOException("Cannot count memories: " + e.getMessage(), e);
        }
    }

    /**
     * One page of (id, hash) pairs in id order, so a scan of every document never holds the database for long.
     *
     * @param afterId the last id of the previous page, or an empty string
     * @param limit   page size
     * @param each    receives id and hash
     * @return the last id of this page, or {@code null} if it was empty
     */
    public synchronized String hashes(String afterId, int limit, BiConsumer<String, String> each) throws IOException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT id, hash FROM documents WHERE id > ? ORDER BY id LIMIT ?")) {
            ps.setString(1, afterId);
            ps.setInt(2, limit);
            String last = null;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    last = rs.getString(1);
                    each.accept(last, rs.getString(2));
                }
            }
            return last;
        } catch (SQLException e) {
            throw new IOException("Cannot read the memories: " + e.getMessage(), e);
        }
    }

    /** Stores many documents in one transaction (imports, benchmarks); hashes parallel to docs. */
    public synchronized void putAll(List<MemoryDocument> docs, List<String> hashes) throws IOException {
        try {
            connection.setAutoCommit(false);
            try {
                for (int i = 0; i < docs.size(); i++) {
                    put(docs.get(i), hashes.get(i));
                }
                connection.commit();
            } catch (IOException | SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IOException("Cannot store memories: " + e.getMessage(), e);
        }
    }

    private static MemoryDocument read(ResultSet rs) throws SQLException {
        String tags = rs.getString(7);
        return new MemoryDocument(rs.getString(1), rs.getString(2), new MemoryMetadata(rs.getString(3), rs.getString(4),
                rs.getString(5), Instant.ofEpochMilli(rs.getLong(6)),
                tags.isEmpty() ? List.of() : new ArrayList<>(Arrays.asList(tags.split("\n")))));
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new IOException("Cannot close the memory database: " + e.getMessage(), e);
        }
    }
}
