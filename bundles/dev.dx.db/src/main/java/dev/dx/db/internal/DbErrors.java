package dev.dx.db.internal;

import java.sql.SQLException;

import dev.dx.api.rpc.ErrorCode;
import dev.dx.api.rpc.RpcException;

/** Turns SQLite failures into errors a caller can act on; the SQL details stay in the cause, for the log. */
final class DbErrors {
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;
    private static final int SQLITE_READONLY = 8;
    private static final int SQLITE_IOERR = 10;
    private static final int SQLITE_CORRUPT = 11;
    private static final int SQLITE_FULL = 13;
    private static final int SQLITE_CONSTRAINT = 19;
    private static final int SQLITE_NOTADB = 26;

    private DbErrors() {
    }

    static RpcException writeFailure(String what, SQLException e) {
        if (primary(e) == SQLITE_CONSTRAINT) {
            return new RpcException(ErrorCode.CONFLICT, "Could not store " + what
                    + ": it conflicts with what is stored; nothing was stored", e);
        }
        return new RpcException(ErrorCode.UNAVAILABLE, "Could not store " + what + ": " + reason(e)
                + "; nothing was stored. Free disk space or check the DX log, then try again", e);
    }

    static RpcException readFailure(String what, SQLException e) {
        return new RpcException(ErrorCode.UNAVAILABLE, "Could not read " + what + ": " + reason(e), e);
    }

    static RpcException busy() {
        return new RpcException(ErrorCode.UNAVAILABLE, "The database is busy; nothing was stored, try again",
                100, null);
    }

    static RpcException readBusy() {
        return new RpcException(ErrorCode.UNAVAILABLE, "The database is busy; nothing was read, try again", 100,
                null);
    }

    static RpcException stopping() {
        return new RpcException(ErrorCode.UNAVAILABLE, "The database is stopping; nothing was done, try again "
                + "in a moment");
    }

    static RpcException interrupted(String what) {
        return new RpcException(ErrorCode.UNAVAILABLE, "Interrupted before storing " + what
                + "; nothing was stored");
    }

    private static String reason(SQLException e) {
        switch (primary(e)) {
            case SQLITE_FULL:
                return "the disk is full";
            case SQLITE_READONLY:
                return "the database is read-only";
            case SQLITE_IOERR:
                return "a disk operation failed";
            case SQLITE_BUSY:
            case SQLITE_LOCKED:
                return "the database is locked by another program";
            case SQLITE_CORRUPT:
            case SQLITE_NOTADB:
                return "the database file is damaged";
            default:
                return "the database refused the operation";
        }
    }

    private static int primary(SQLException e) {
        // sqlite-jdbc reports extended result codes; the low byte is the primary code
        return e.getErrorCode() & 0xff;
    }
}
