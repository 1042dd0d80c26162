package dev.dx.plugin.internal.pkg;

/** A package that is refused: the message says what is wrong with it and, where possible, how to fix it. */
public final class PackageException extends Exception {
    private static final long serialVersionUID = 1L;

    public PackageException(String message) {
        super(message);
    }

    public PackageException(String message, Throwable cause) {
        super(message, cause);
    }
}
