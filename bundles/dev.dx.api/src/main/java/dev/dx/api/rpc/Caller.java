package dev.dx.api.rpc;

import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Who is calling: what the gateway established when the caller authenticated.
 *
 * @since 0.1
 */
@ProviderType
public interface Caller {
    /** @return an id for the connection (or HTTP request, or shell session) the call arrived on */
    String connectionId();

    /** @return {@code "ws"}, {@code "http"} or {@code "shell"} */
    String transport();

    /** @return the client's self-description from {@code connect}, or an empty string */
    String client();

    /** @return the scopes the gateway granted */
    Set<Scope> scopes();

    /**
     * @param required a scope
     * @return whether any granted scope implies {@code required}
     */
    default boolean has(Scope required) {
        for (Scope s : scopes()) {
            if (s.implies(required)) {
                return true;
            }
        }
        return false;
    }
}
