package dev.dx.secrets.internal.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import javax.crypto.AEADBadTagException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dx.api.rpc.ErrorCode;
import dev.dx.api.rpc.RpcException;
import dev.dx.api.secrets.SecretStore;
import dev.dx.secrets.internal.crypto.Argon2Params;

/**
 * The secret store proper, without OSGi: one file, its keys while unlocked, and the operations of {@link SecretStore}.
 * Values stay encrypted in memory and are decrypted on each {@link #get} (microseconds): no plaintext outlives a call,
 * and after {@link #lock} the heap holds ciphertext only. Reads run in parallel; changes are serialised, and each
 * writes the whole file atomically before it becomes visible, so a failed write changes nothing.
 */
public final class Vault {
    private static final Logger LOG = LoggerFactory.getLogger(Vault.class);

    private final AtomicFile file;
    private final Throttle throttle;
    private final VaultListener listener;
    private final Integrity integrity;
    private final SecureRandom random = new SecureRandom();
    /** Serialises unlock, lock and writes: one key derivation at a time, one writer at a time. */
    private final ReentrantLock mutate = new ReentrantLock();
    /** Readers hold it shared while they use the keys; {@link #install} takes it exclusively before wiping them. */
    private final ReentrantReadWriteLock keyUse = new ReentrantReadWriteLock();
    private volatile Argon2Params params;
    private volatile Snapshot open;
    private volatile boolean closed;

    public Vault(AtomicFile file, Argon2Params params, Throttle throttle, VaultListener listener) {
        this.file = Objects.requireNonNull(file, "file must not be null");
        this.params = Objects.requireNonNull(params, "params must not be null");
        this.throttle = Objects.requireNonNull(throttle, "throttle must not be null");
        this.listener = Objects.requireNonNull(listener, "listener must not be null");
        this.integrity = new Integrity(file);
        file.removeStrayTemporaries();
    }

    /** New stores and password changes use these; an existing store keeps the parameters in its header. */
    public void params(Argon2Params p) {
        this.params = Objects.requireNonNull(p, "params must not be null");
    }

    /** @return the store file */
    public Path path() {
        return file.path();
    }

    public SecretStore.State state() {
        return open != null ? SecretStore.State.UNLOCKED
                : Files.exists(file.path()) ? SecretStore.State.LOCKED : SecretStore.State.UNINITIALIZED;
    }

    public Optional<String> get(String name) {
        Inputs.name(name);
        keyUse.readLock().lock();
        try {
            return requireOpen().get(name);
        } catch (AEADBadTagException e) {
            // verified at unlock and immutable since: only memory corruption gets here
            throw new RpcException(ErrorCode.INTERNAL_ERROR, "A secret failed its integrity check in memory", e);
        } finally {
            keyUse.readLock().unlock();
        }
    }

    public List<String> names() {
        return requireOpen().names();
    }

    public void set(String name, char[] value) {
        Inputs.name(name);
        byte[] plain = Inputs.value(Objects.requireNonNull(value, "value must not be null"));
        mutate.lock();
        try {
            Snapshot o = requireOpen();
            integrity.requireUnchanged(o.image());
            save(o.with(name, plain, random));
        } finally {
            mutate.unlock();
            Arrays.fill(plain, (byte) 0);
        }
        listener.changed(name, "set");
    }

    public boolean delete(String name) {
        Inputs.name(name);
        mutate.lock();
        try {
            Snapshot o = requireOpen();
            if (!o.entries().containsKey(name)) {
                return false;
            }
            integrity.requireUnchanged(o.image());
            save(o.without(name));
        } finally {
            mutate.unlock();
        }
        listener.changed(name, "deleted");
        return true;
    }

    /** Opens the store, or creates it if there is no file; does nothing if it is already unlocked. */
    public void unlock(char[] password) {
        Objects.requireNonNull(password, "password must not be null");
        mutate.lock();
        try {
            if (closed) {
                throw Problems.closed();
            }
            if (open != null) {
                return;
            }
            throttle.check();
            byte[] image = integrity.read();
            if (image == null) {
                Inputs.newPassword(password);
                Header header = newHeader();
                save(Snapshot.create(header, header.derive(password)));
                LOG.info("Created a new secret store in {}", file.path());
            } else {
                Snapshot opened = integrity.open(image, password, params, throttle);
                install(opened);
                LOG.info("Secret store unlocked ({} secrets)", opened.entries().size());
            }
            throttle.success();
            integrity.clear();
        } finally {
            mutate.unlock();
        }
        listener.unlocked();
    }

    public void lock() {
        Snapshot was;
        mutate.lock();
        try {
            was = open;
            install(null);
        } finally {
            mutate.unlock();
        }
        if (was != null) {
            LOG.info("Secret store locked");
            listener.locked();
        }
    }

    /** Locks for good: later unlocks are refused. Called when the component goes away. */
    public void close() {
        mutate.lock();
        try {
            closed = true;
        } finally {
            mutate.unlock();
        }
        lock();
    }

    /** Re-encrypts everything under a new salt and password in one atomic write; the lock state does not change. */
    public void changePassword(char[] current, char[] next) {
        Objects.requireNonNull(current, "current must not be null");
        Inputs.newPassword(Objects.requireNonNull(next, "next must not be null"));
        mutate.lock();
        try {
            if (closed) {
                throw Problems.closed();
            }
            throttle.check();
            byte[] image = integrity.read();
            if (image == null) {
                throw Problems.locked(false);
            }
            Snapshot was = open;
            if (was != null) {
                integrity.requireUnchanged(was.image());
            }
            Snapshot old = integrity.open(image, current, params, throttle);
            try {
                Snapshot rekeyed = old.rekeyed(newHeader(), next, random);
                if (was != null) {
                    save(rekeyed);
                } else {
                    try {
                        write(rekeyed);
                    } finally {
                        rekeyed.keys().wipe(); // it was locked: it stays locked
                    }
                }
            } finally {
                old.keys().wipe();
            }
            LOG.info("Master password changed; the store was re-encrypted under a new salt");
        } finally {
            mutate.unlock();
        }
    }

    /** @return the state, the number of secrets when known, and what the owner must deal with */
    public Map<String, Object> status() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("state", state().name().toLowerCase(Locale.ROOT));
        List<String> problems = new ArrayList<>();
        Snapshot o = open;
        Integer count = integrity.inspect(o == null ? null : o.image(), params, problems);
        s.put("count", o != null ? Integer.valueOf(o.entries().size()) : count);
        long wait = throttle.remainingMs();
        if (wait > 0) {
            problems.add("Unlocking is paused for " + Throttle.seconds(wait) + " s after wrong master passwords");
        }
        s.put("problems", problems);
        return s;
    }

    private Snapshot requireOpen() {
        Snapshot o = open;
        if (o == null) {
            throw Problems.locked(Files.exists(file.path()));
        }
        return o;
    }

    /** Writes the file, then makes the new version visible; if the write fails nothing changes, in memory or on disk. */
    private void save(Snapshot next) {
        try {
            write(next);
        } catch (RpcException e) {
            Snapshot o = open;
            if (o == null || o.keys() != next.keys()) {
                next.keys().wipe();
            }
            throw e;
        }
        install(next);
    }

    private void write(Snapshot next) {
        try {
            file.replace(next.image());
        } catch (IOException e) {
            LOG.warn("Could not save the secret store {}: {}", file.path(), e.toString());
            throw Problems.saveFailed(e);
        }
    }

    /** Swaps the open version; keys no longer in use are wiped once no reader can still hold them. */
    private void install(Snapshot next) {
        Snapshot prev;
        keyUse.writeLock().lock();
        try {
            prev = open;
            open = next;
        } finally {
            keyUse.writeLock().unlock();
        }
        if (prev != null && (next == null || prev.keys() != next.keys())) {
            prev.keys().wipe();
        }
    }

    private Header newHeader() {
        byte[] salt = new byte[Header.SALT_BYTES];
        random.nextBytes(salt);
        Argon2Params a = params;
        return new Header(a.memoryKiB(), a.iterations(), a.parallelism(), salt);
    }
}
