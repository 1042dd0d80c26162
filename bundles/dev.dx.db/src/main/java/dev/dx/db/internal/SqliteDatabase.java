package dev.dx.db.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import dev.dx.api.db.Database;
import dev.dx.api.db.Migration;
import dev.dx.api.db.SqlWork;

/**
 * The {@link Database} service on {@code dx.db}: one write connection behind a fair lock, and a small pool of read
 * connections. SQLite admits one writer per database at a time anyway, so the lock only makes that queue explicit,
 * fair and bounded by the busy timeout; WAL lets readers run on their own snapshot while the writer commits.
 *
 * <p>There is no modified method on purpose: a new configuration closes the database and opens it again, and SCR
 * restarts the components that use it (static references), so none keeps a connection to the old file. Immediate, so
 * that a damaged or unwritable file shows in the log when the bundle starts.
 */
@Component(service = Database.class, configurationPid = DbConfig.PID, immediate = true)
@Designate(ocd = DbConfig.class)
public final class SqliteDatabase implements Database, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteDatabase.class);

    private final Path file;
    private final int busyTimeoutMs;
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private final Connection writer;
    private final ReaderPool readers;
    private volatile boolean closed;

    /** Opens the configured database; fails activation with a message naming the key when a value is wrong. */
    @Activate
    public SqliteDatabase(DbConfig config) throws SQLException, IOException {
        this(DbFiles.resolve(config.path()), checked(config));
        LOG.debug("Database open on {}", file);
    }

    private SqliteDatabase(Path file, DbConfig config) throws SQLException, IOException {
        this(file, config.busyTimeoutMs(), config.readers());
    }

    /**
     * Opens (creating if needed) a database file, owner-only, in WAL mode; for tests and tools outside OSGi.
     *
     * @param readers most read connections open at once
     */
    public SqliteDatabase(Path file, int busyTimeoutMs, int readers) throws SQLException, IOException {
        if (file.toString().indexOf('?') >= 0 || file.toString().indexOf('#') >= 0) {
            throw new IllegalArgumentException("The database path must not contain '?' or '#'");
        }
        this.file = file.toAbsolutePath().normalize();
        this.busyTimeoutMs = busyTimeoutMs;
        DbFiles.createOwnerOnly(this.file);
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(busyTimeoutMs);
        config.enforceForeignKeys(true);
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        SQLiteDataSource source = new SQLiteDataSource(config);
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

    private static DbConfig checked(DbConfig c) {
        if (c.busyTimeoutMs() < 100) {
            throw new IllegalArgumentException("busyTimeoutMs in etc/dev.dx.db.cfg must be 100 or more");
        }
        if (c.readers() < 1 || c.readers() > 64) {
            throw new IllegalArgumentException("readers in etc/dev.dx.db.cfg must be between 1 and 64");
        }
        return c;
    }

    @Override
    public Path file() {
        return file;
    }

    @Override
    public int migrate(String component, List<Migration> steps) throws SQLException {
        acquire("the schema of " + component);
        try {
            if (closed) {
                throw DbErrors.stopping();
            }
            return Migrator.migrate(writer, component, steps);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public <T> T write(String what, SqlWork<T> work) {
        return write(what, work, r -> {
        });
    }

    @Override
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

    @Override
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
    @Deactivate
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
        LOG.debug("Database closed: {}", file);
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
}
