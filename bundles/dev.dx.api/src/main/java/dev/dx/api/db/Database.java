package dev.dx.api.db;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Consumer;

import org.osgi.annotation.versioning.ProviderType;

import dev.dx.api.rpc.RpcException;

/**
 * The SQLite database {@code dx.db} that DX subsystems share. Writes go through one connection, one at a time, in a
 * fair queue bounded by the busy timeout; every write is one immediate transaction, fsynced ({@code synchronous=FULL},
 * WAL) before it returns, so what a caller was told is stored survives {@code kill -9} and power loss. Reads run on a
 * small pool of query-only connections, each inside one read transaction (one consistent snapshot).
 *
 * <p>Failures reach callers as {@link RpcException}s they can show as they are: {@code UNAVAILABLE} when the disk is
 * full, the database is busy, damaged or stopping — always saying that nothing was stored — and {@code CONFLICT} when
 * a write breaks a constraint. The SQL details stay in the cause, for the log.
 *
 * <p>Each component keeps its own numbered {@link Migration}s, recorded per component name in {@code dx_schema}.
 * Register them with {@link #migrate} when the component activates.
 *
 * @since 0.1
 */
@ProviderType
public interface Database {
    /** @return the database file */
    Path file();

    /**
     * Brings a component's tables up to date: applies the steps the database lacks, each in its own transaction.
     *
     * @param component a stable name, e.g. {@code "session"}; never rename it
     * @param steps     every step of the component, numbered 1, 2, 3 … without gaps
     * @return the component's schema version now
     * @throws SQLException          if a step fails; that step left no trace
     * @throws IllegalStateException if the database holds a newer schema of the component than {@code steps}
     */
    int migrate(String component, List<Migration> steps) throws SQLException;

    /**
     * Runs {@code work} in an immediate transaction on the writer and commits it durably.
     *
     * @param what what is being stored, for the error message ("the message for session …")
     * @param work the work; a failure rolls everything back
     * @return what {@code work} returned
     * @throws RpcException {@code UNAVAILABLE} or {@code CONFLICT}; then nothing of {@code work} was stored
     */
    <T> T write(String what, SqlWork<T> work);

    /**
     * Like {@link #write(String, SqlWork)}, and runs {@code onCommit} after the commit while still holding the write
     * lock, so that what it does (update a cache, post an event) happens in commit order. A failure there is logged:
     * the data is stored and the write succeeds.
     */
    <T> T write(String what, SqlWork<T> work, Consumer<T> onCommit);

    /**
     * Runs {@code work} on a pooled read connection inside one read transaction.
     *
     * @param what what is being read, for the error message
     * @throws RpcException {@code UNAVAILABLE} when the database cannot be read now
     */
    <T> T read(String what, SqlWork<T> work);

    /**
     * @param failure an exception from {@link #read} or {@link #write}, or its cause
     * @return whether it means the stored data itself is damaged (so the caller may quarantine what it was reading)
     */
    static boolean isCorruption(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException) {
                // sqlite-jdbc reports extended result codes; the low byte is the primary one: CORRUPT 11, NOTADB 26
                int code = ((SQLException) t).getErrorCode() & 0xff;
                return code == 11 || code == 26;
            }
        }
        return false;
    }
}
