package dev.dx.tools.internal.fetch;

/** A fetch that was refused or failed; the message is for the model and says why. No stack trace. */
final class FetchException extends Exception {
    private static final long serialVersionUID = 1L;

    FetchException(String message) {
        super(message, null, false, false);
    }
}
