package dev.dx.api.plugin;

import java.util.Objects;

/**
 * A plugin call or load that did not succeed. The message is meant for the owner: it names the plugin's problem and,
 * where there is one, the fix.
 *
 * @since 0.1
 */
public class PluginException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Code {
        /** The call passed its deadline and was stopped. */
        TIMEOUT,
        /** The plugin's code failed (a WASM trap, an exception in the script); the instance is replaced. */
        TRAP,
        /** The plugin's process or library died, or the runtime failed in an unexpected way. */
        CRASHED,
        /** The plugin used something it was not granted. */
        DENIED,
        /** The plugin or its input or output is not valid (bad module, bad JSON, over a size limit). */
        INVALID,
        /** The plugin is not running: closed, disabled, or its runtime is gone. */
        UNAVAILABLE
    }

    private final Code code;

    /**
     * @param code    what went wrong
     * @param message for the owner
     */
    public PluginException(Code code, String message) {
        this(code, message, null);
    }

    /**
     * @param code    what went wrong
     * @param message for the owner
     * @param cause   the underlying failure, or {@code null}
     */
    public PluginException(Code code, String message, Throwable cause) {
        super(Objects.requireNonNull(message, "message must not be null"), cause);
        this.code = Objects.requireNonNull(code, "code must not be null");
    }

    /** @return what went wrong */
    public Code code() {
        return code;
    }
}
