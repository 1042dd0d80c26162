package dev.dx.session.internal.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import dev.dx.api.rpc.RpcException;

/**
 * The SQLite database {@code dx.db}: one write connection behind a fair lock, and a small pool of read connections.
 * SQLite admits one writer per database at a time anyway, so the lock only makes that queue explicit, fair and
 * bounded by the busy timeout; WAL lets readers run on their own snapshot while the writer commits. Every commit is
 * {@code synchronous=FULL}: the WAL is fsynced before a write returns, so what a caller was told is stored survives
 * {@code kill -9} and power loss alike.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final Path file;
    private final int busyTimeoutMs;
    private final SQLiteDataSource source;
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private final Connection writer;
    private final ReaderPool readers;
    private volatile boolean closed;

    /**
     * Opens (creating if needed) the database file, owner-only, in WAL mode.
     *
     * @param readers most read connections open at once
     */
    public Database(Path file, int busyTimeoutMs, int readers) throws SQLException, IOException {
        if (file.toString().indexOf('?') >= 0 || file.toString().indexOf('#') >= 0) {
            throw new IllegalArgumentException("The database path must not contain '?' or '#'");
        }
        this.file = file.toAbsolutePath().normalize();
        this.busyTimeoutMs = busyTimeoutMs;
        createOwnerOnly(this.file);
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(busyTimeoutMs);
        config.enforceForeignKeys(true);
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        this.source = new SQLiteDataSource(config);
        source.setUrl("jdbc:sqlite:" + this.file);
        this.readers = new ReaderPool(source, readers, busyTimeoutMs);
        this.writer = source.getConnection();
        try {
            String mode = pragma(writer, "journal_mode");
            if (!"wal".equalsIgnoreCase(mode)) {
                throw new SQLException("the database could not be put in WAL mode (journal_mode is " + mode + ")");
            }
        } catch (SQLException e) {
            writer.close();
            throw e;
        }
    }

    /** @return the database file */
    public Path file() {
        return file;
    }

    /** Brings a component's tables up to date; see {@link Migrator}. */
    public int migrate(String component, List<Migration> migrations) throws SQLException {
        writeLock.lock();
        try {
            return Migrator.migrate(writer, component, migrations);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Runs {@code work} in an immediate transaction on the write connection and commits it durably.
     *
     * @param what what is being stored, for the error message ("the message for session …")
     * @throws RpcException {@code UNAVAILABLE} when the store is busy, stopping, or the write failed; then nothing
     *                      of {@code work} was stored
     */
    public <T> T write(String what, SqlWork<T> work) {
        return write(what, work, r -> {
        });
    }

    /**
     * Like {@link #write(String, SqlWork)}, and runs {@code onCommit} after the commit while still holding the write
     * lock, so that what it does (update a cache, post an event) happens in commit order. A failure there is logged:
     * the data is stored and the write succeeds.
     */
    public <T> T write(String what, SqlWork<T> work, Consumer<T> onCommit) {
        acquire(what);
        try {
            if (closed) {
                throw DbErrors.stopping();
            }
            Migrator.exec(writer, "BEGIN IMMEDIATE");
            T result;
            try {
                result = work.run(writer);
                Migrator.exec(writer, "COMMIT");
            } catch (SQLException | RuntimeException | Error e) {
                rollback();
                throw e;
            }
            try {
                onCommit.accept(result);
            } catch (RuntimeException e) {
                LOG.warn("After storing {}: {}", what, e.toString(), e);
            }
            return result;
        } catch (SQLException e) {
            LOG.warn("Could not store {} in {}: {}", what, file, e.getMessage());
            throw DbErrors.writeFailure(what, e);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Runs {@code work} on a read connection inside one read transaction (one consistent snapshot).
     *
     * @param what what is being read, for the error message
     */
    public <T> T read(String what, SqlWork<T> work) {
        Connection c = null;
        boolean healthy = false;
        try {
            c = readers.borrow();
            Migrator.exec(c, "BEGIN");
            try {
                T result = work.run(c);
                Migrator.exec(c, "COMMIT");
                healthy = true;
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                Migrator.exec(c, "ROLLBACK");
                healthy = true;
                throw e;
            }
        } catch (SQLException e) {
            throw DbErrors.readFailure(what, e);
        } finally {
            if (c != null) {
                readers.release(c, healthy);
            }
        }
    }

    /** Closes every connection; in-flight reads finish first, waiting writes fail with {@code UNAVAILABLE}. */
    @Override
    public void close() {
        closed = true;
        boolean locked = false;
        try {
            locked = writeLock.tryLock(busyTimeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            ReaderPool.closeQuietly(writer);
        } finally {
            if (locked) {
                writeLock.unlock();
            }
        }
        readers.close();
    }

    /** Runs a statement on the write connection outside any transaction; for tests that simulate a full disk. */
    public void pragmaOnWriter(String pragma) throws SQLException {
        writeLock.lock();
        try {
            Migrator.exec(writer, "PRAGMA " + pragma);
        } finally {
            writeLock.unlock();
        }
    }

    private void acquire(String what) {
        try {
            if (!writeLock.tryLock(busyTimeoutMs, TimeUnit.MILLISECONDS)) {
                throw DbErrors.busy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DbErrors.interrupted(what);
        }
    }

    private void rollback() {
        try {
            Migrator.exec(writer, "ROLLBACK");
        } catch (SQLException e) {
            // SQLite already rolled back (e.g. after SQLITE_FULL); nothing is left to undo
            LOG.debug("Rollback after a failed write: {}", e.getMessage());
        }
    }

    private static String pragma(Connection c, String name) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + name)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** Transcripts are private: a new directory and database file are readable by their owner only. */
    private static void createOwnerOnly(Path file) throws IOException {
        Path dir = file.getParent();
        boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (dir != null && !Files.isDirectory(dir)) {
            if (posix) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(dir);
            }
        }
        if (!Files.exists(file)) {
            // SQLite gives the -wal and -shm files the permissions of the database file
            if (posix) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file);
            }
        }
    }
}
