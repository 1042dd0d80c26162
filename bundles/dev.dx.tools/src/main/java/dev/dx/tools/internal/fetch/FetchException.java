package dev.dx.tools.internal.fetch;

/** A fetch that was refused or failed; the message is for the model and says why. No stack trace. */
final class FetchException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why: refused by policy, too slow, or anything else. */
    enum Kind { BLOCKED, TIMEOUT, FAILED }

    private final Kind kind;

    FetchException(String message) {
        this(Kind.FAILED, message);
    }

    FetchException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    Kind kind() {
        return kind;
    }
}
