package dev.dx.cli;

/**
 * A failure the user must see: its message is printed as is (it never holds a token) and the process ends with its
 * exit code.
 */
final class CliException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The gateway answered with a JSON-RPC error (or refused the request). */
    static final int RPC_ERROR = 1;
    /** Bad usage, missing configuration, or DX could not be reached. */
    static final int USAGE = 2;

    private final int exitCode;

    CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    static CliException usage(String message) {
        return new CliException(USAGE, message);
    }

    int exitCode() {
        return exitCode;
    }
}
