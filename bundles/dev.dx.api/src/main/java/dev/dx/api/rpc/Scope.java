package dev.dx.api.rpc;

import java.util.Locale;

/**
 * What a caller may do. Scopes are granted by the gateway from the credential a caller presents, never taken from
 * what the caller asks for.
 *
 * @since 0.1
 */
public enum Scope {
    /** Look at state: status, lists, histories. */
    READ,
    /** Change state: send messages, create and edit sessions. Implies {@link #READ}. */
    WRITE,
    /** Answer exec approval requests. Implies {@link #READ}. */
    APPROVALS,
    /** Configure the gateway, rotate credentials, manage secrets and plugins. Implies every other scope. */
    ADMIN;

    /**
     * Whether holding this scope is enough for an operation that requires {@code required}.
     *
     * @param required the scope an operation declares
     * @return {@code true} if this scope covers it
     */
    public boolean implies(Scope required) {
        return this == required || this == ADMIN || required == READ;
    }

    /** @return the lower-case name used on the wire, e.g. {@code "read"} */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a wire name such as {@code "write"}.
     *
     * @param id the name, case-insensitive
     * @return the scope
     * @throws IllegalArgumentException naming the accepted values if {@code id} is not a scope
     */
    public static Scope of(String id) {
        for (Scope s : values()) {
            if (s.name().equalsIgnoreCase(id == null ? "" : id.trim())) {
                return s;
            }
        }
        throw new IllegalArgumentException("Unknown scope '" + id + "'; use one of read, write, approvals, admin");
    }
}
