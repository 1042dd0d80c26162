package dev.dx.api.db;

import java.sql.Connection;
import java.sql.SQLException;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Work done on a connection inside a transaction that {@link Database} begins and ends. It must not commit, roll back
 * or close the connection, nor keep it after it returns.
 *
 * @param <T> the result type
 * @since 0.1
 */
@ConsumerType
@FunctionalInterface
public interface SqlWork<T> {
    /**
     * @param c the connection, inside a transaction
     * @return the result
     * @throws SQLException to abandon the transaction; nothing of it is stored
     */
    T run(Connection c) throws SQLException;
}
