package dev.dx.tools.internal;

/**
 * A bad argument or a refused request: its message goes to the model as the tool's error, so it says what is wrong
 * and what to do instead. It carries no stack trace because nothing about it is unexpected.
 */
public final class ArgumentException extends Exception {
    private static final long serialVersionUID = 1L;

    public ArgumentException(String message) {
        super(message, null, false, false);
    }
}
