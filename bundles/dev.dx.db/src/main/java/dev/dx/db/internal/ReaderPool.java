package dev.dx.db.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteDataSource;

/** Query-only connections, opened when first needed, at most {@code size} in use at once. */
final class ReaderPool {
    private static final Logger LOG = LoggerFactory.getLogger(ReaderPool.class);

    private final SQLiteDataSource source;
    private final int timeoutMs;
    private final BlockingQueue<Connection> idle = new LinkedBlockingQueue<>();
    private final Semaphore permits;
    private volatile boolean closed;

    ReaderPool(SQLiteDataSource source, int size, int timeoutMs) {
        this.source = source;
        this.timeoutMs = timeoutMs;
        this.permits = new Semaphore(size, true);
    }

    /** @return a connection; give it back with {@link #release} */
    Connection borrow() throws SQLException {
        if (closed) {
            throw DbErrors.stopping();
        }
        try {
            if (!permits.tryAcquire(timeoutMs, TimeUnit.MILLISECONDS)) {
                throw DbErrors.readBusy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DbErrors.stopping();
        }
        try {
            Connection c = idle.poll();
            if (c == null) {
                c = source.getConnection();
                Migrator.exec(c, "PRAGMA query_only = ON");
            }
            return c;
        } catch (SQLException | RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    /** Takes a connection back; one that failed, or that returns after {@link #close}, is closed. */
    void release(Connection c, boolean healthy) {
        try {
            if (closed || !healthy) {
                closeQuietly(c);
            } else {
                idle.offer(c);
            }
            if (closed) {
                // close() may have drained the queue before this connection came back
                drain();
            }
        } finally {
            permits.release();
        }
    }

    /** Closes the idle connections now and the others as they come back. */
    void close() {
        closed = true;
        drain();
    }

    private void drain() {
        for (Connection c; (c = idle.poll()) != null;) {
            closeQuietly(c);
        }
    }

    static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            LOG.debug("Closing a database connection failed: {}", e.getMessage());
        }
    }
}
