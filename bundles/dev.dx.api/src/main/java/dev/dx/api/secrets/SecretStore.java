package dev.dx.api.secrets;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import dev.dx.api.rpc.RpcException;

/**
 * Named secrets, encrypted at rest. While the store is {@link State#LOCKED} every read fails with
 * {@link dev.dx.api.rpc.ErrorCode#UNAVAILABLE} and a message saying how to unlock it; components that need a
 * secret report "locked" and retry when {@link dev.dx.api.event.Topics#SECRETS_UNLOCKED} is posted.
 * Secret values never appear in logs, exceptions or events.
 *
 * @since 0.1
 */
@ProviderType
public interface SecretStore {
    /** Whether the store can be read. */
    enum State {
        /** No store file yet: the first {@link #unlock} with a new password creates it. */
        UNINITIALIZED,
        /** A store exists but no key is in memory. */
        LOCKED,
        /** Readable and writable. */
        UNLOCKED
    }

    /** @return the current state */
    State state();

    /**
     * @param name a secret name ({@code [a-z0-9][a-z0-9_.-]{0,127}}, case-sensitive)
     * @return the value, or empty if no secret has that name
     * @throws RpcException {@code UNAVAILABLE} when locked or not created yet, {@code INVALID_PARAMS} for a bad name
     */
    Optional<String> get(String name);

    /**
     * Stores a secret, replacing any value of that name; durable when this returns.
     *
     * @throws RpcException {@code UNAVAILABLE} when locked, {@code INVALID_PARAMS} for a bad name or an empty value,
     *                      {@code TOO_LARGE} for a value over 64 KiB, {@code CONFLICT} if the store file was changed
     *                      on disk since it was unlocked (it is never overwritten then)
     */
    void set(String name, char[] value);

    /**
     * @return whether a secret was deleted
     * @throws RpcException {@code UNAVAILABLE} when locked, {@code CONFLICT} as for {@link #set}
     */
    boolean delete(String name);

    /**
     * @return the secret names, sorted (names are not secret; values are)
     * @throws RpcException {@code UNAVAILABLE} when locked
     */
    List<String> names();

    /**
     * Derives the key from the master password and opens the store (creating it if it does not exist). Does nothing
     * if the store is already unlocked.
     *
     * @throws RpcException {@code UNAUTHORIZED} for a wrong password (after the full key derivation), {@code
     *                      RATE_LIMITED} after repeated failures, {@code UNAVAILABLE} if the store file is damaged or
     *                      was tampered with (the message says what to do), {@code INVALID_PARAMS} if a new store's
     *                      password is too short
     */
    void unlock(char[] password);

    /** Forgets the key; reads fail until the next {@link #unlock}. */
    void lock();

    /**
     * Re-encrypts the store under a new password, atomically; a locked store stays locked, an unlocked one unlocked.
     *
     * @throws RpcException {@code UNAUTHORIZED} if {@code current} is wrong, and otherwise as {@link #unlock}
     */
    void changePassword(char[] current, char[] next);
}
