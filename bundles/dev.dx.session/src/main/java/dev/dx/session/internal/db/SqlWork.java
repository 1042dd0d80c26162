package dev.dx.session.internal.db;

import java.sql.Connection;
import java.sql.SQLException;

/** Work done on a connection inside a transaction that {@link Database} begins and ends. */
@FunctionalInterface
public interface SqlWork<T> {
    /**
     * @param c the connection, inside a transaction
     * @return the result
     */
    T run(Connection c) throws SQLException;
}
