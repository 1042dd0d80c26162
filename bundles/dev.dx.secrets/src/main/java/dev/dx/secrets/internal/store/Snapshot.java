package dev.dx.secrets.internal.store;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import javax.crypto.AEADBadTagException;

import dev.dx.api.rpc.ErrorCode;
import dev.dx.api.rpc.RpcException;
import dev.dx.secrets.internal.crypto.Keys;
import dev.dx.secrets.internal.store.StoreFormat.Entry;

/**
 * One version of an unlocked store: its keys, its entries (still encrypted) and the exact file bytes they were read
 * from or written to. Immutable: a change makes a new snapshot, and every encryption in it gets a fresh random nonce.
 * Entries that did not change keep their ciphertext; that is a copy, not a second encryption under the same nonce.
 */
record Snapshot(Keys keys, byte[] headerBytes, SortedMap<String, Entry> entries, byte[] image) {

    /** An empty store under a new header. */
    static Snapshot create(Header header, Keys keys) {
        return of(keys, header.encode(), new TreeMap<>());
    }

    /** A verified file. */
    static Snapshot opened(StoreFormat.Parsed p, Keys keys, byte[] image) {
        TreeMap<String, Entry> entries = new TreeMap<>();
        p.entries().forEach(e -> entries.put(e.name(), e));
        return new Snapshot(keys, p.headerBytes(), Collections.unmodifiableSortedMap(entries), image);
    }

    private static Snapshot of(Keys keys, byte[] headerBytes, TreeMap<String, Entry> entries) {
        if (entries.size() > StoreFormat.MAX_ENTRIES) {
            throw new RpcException(ErrorCode.TOO_LARGE, "The store holds at most " + StoreFormat.MAX_ENTRIES
                    + " secrets; delete some first");
        }
        byte[] image = StoreFormat.encode(headerBytes, keys, entries.values());
        return new Snapshot(keys, headerBytes, Collections.unmodifiableSortedMap(entries), image);
    }

    /** Decrypts one value; the plaintext bytes are zeroed before this returns. */
    Optional<String> get(String name) throws AEADBadTagException {
        Entry e = entries.get(name);
        if (e == null) {
            return Optional.empty();
        }
        byte[] plain = keys.open(e.nonce(), StoreFormat.aad(headerBytes, name), e.sealed());
        try {
            return Optional.of(new String(plain, StandardCharsets.UTF_8));
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    List<String> names() {
        return List.copyOf(entries.keySet());
    }

    Snapshot with(String name, byte[] plain, SecureRandom random) {
        TreeMap<String, Entry> next = new TreeMap<>(entries);
        next.put(name, seal(keys, headerBytes, name, plain, random));
        return of(keys, headerBytes, next);
    }

    Snapshot without(String name) {
        TreeMap<String, Entry> next = new TreeMap<>(entries);
        next.remove(name);
        return of(keys, headerBytes, next);
    }

    /**
     * Every value re-encrypted, each with a fresh nonce, under a new header (new salt) and the keys {@code password}
     * derives from it. The new keys belong to the result; on failure they are wiped.
     */
    Snapshot rekeyed(Header header, char[] password, SecureRandom random) {
        byte[] newHeader = header.encode();
        Keys fresh = header.derive(password);
        TreeMap<String, Entry> next = new TreeMap<>();
        try {
            for (Entry e : entries.values()) {
                byte[] plain = keys.open(e.nonce(), StoreFormat.aad(headerBytes, e.name()), e.sealed());
                try {
                    next.put(e.name(), seal(fresh, newHeader, e.name(), plain, random));
                } finally {
                    Arrays.fill(plain, (byte) 0);
                }
            }
            return of(fresh, newHeader, next);
        } catch (AEADBadTagException | RuntimeException e) {
            fresh.wipe();
            throw e instanceof RuntimeException ? (RuntimeException) e
                    : new RpcException(ErrorCode.INTERNAL_ERROR, "A secret failed its integrity check", e);
        }
    }

    private static Entry seal(Keys keys, byte[] headerBytes, String name, byte[] plain, SecureRandom random) {
        byte[] nonce = new byte[Keys.NONCE_BYTES];
        random.nextBytes(nonce);
        return new Entry(name, nonce, keys.seal(nonce, StoreFormat.aad(headerBytes, name), plain));
    }
}
