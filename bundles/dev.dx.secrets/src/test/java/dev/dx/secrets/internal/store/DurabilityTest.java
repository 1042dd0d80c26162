package dev.dx.secrets.internal.store;

import static dev.dx.secrets.internal.store.Fixture.PASSWORD;
import static dev.dx.secrets.internal.store.Fixture.fails;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dx.api.rpc.ErrorCode;
import dev.dx.api.rpc.RpcException;
import dev.dx.api.secrets.SecretStore.State;
import dev.dx.secrets.internal.store.StoreFormat.Entry;

/** Saves are all-or-nothing, nonces never repeat, password changes are atomic, and parallel use is safe. */
class DurabilityTest {
    @TempDir
    Path dir;

    private final Fixture fx = new Fixture();
    private final AtomicBoolean crash = new AtomicBoolean();

    private Path file() {
        return dir.resolve("secrets.store");
    }

    /** A store whose rename step fails on demand: the crash between writing the new file and replacing the old. */
    private Vault crashable() {
        return fx.vault(new AtomicFile(file(), (from, to) -> {
            if (crash.get()) {
                throw new IOException("simulated crash before the rename");
            }
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        }));
    }

    @Test
    void aCrashDuringSaveLeavesTheOldStore() throws IOException {
        Vault v = crashable();
        v.unlock(PASSWORD);
        v.set("k", "old value".toCharArray());
        byte[] before = Files.readAllBytes(file());
        crash.set(true);
        RpcException e = fails(ErrorCode.INTERNAL_ERROR, () -> v.set("k", "new value".toCharArray()));
        assertTrue(e.getMessage().contains("nothing was changed"), e.getMessage());
        fails(ErrorCode.INTERNAL_ERROR, () -> v.delete("k"));
        fails(ErrorCode.INTERNAL_ERROR, () -> v.set("other", "x".toCharArray()));
        assertArrayEquals(before, Files.readAllBytes(file()));
        assertEquals(Optional.of("old value"), v.get("k"), "memory did not move ahead of the disk");
        assertEquals(List.of("k"), v.names());
        try (var listing = Files.list(dir)) {
            assertEquals(List.of(file()), listing.toList(), "the temporary file was removed");
        }
        assertEquals(Optional.of("old value"), Fixture.opened(file()).get("k"));
        crash.set(false);
        v.set("k", "new value".toCharArray());
        assertEquals(Optional.of("new value"), Fixture.opened(file()).get("k"), "and it recovers");
    }

    @Test
    void aCrashWhileCreatingLeavesNoStore() {
        crash.set(true);
        Vault v = crashable();
        fails(ErrorCode.INTERNAL_ERROR, () -> v.unlock(PASSWORD));
        assertEquals(State.UNINITIALIZED, v.state());
        assertFalse(Files.exists(file()));
    }

    @Test
    void temporaryFilesLeftByACrashAreIgnoredAndRemoved() throws IOException {
        Vault v = fx.vault(file());
        v.unlock(PASSWORD);
        v.set("k", "kept".toCharArray());
        Path stray = dir.resolve("secrets.store.8271.tmp");
        Files.write(stray, Files.readAllBytes(file()), java.nio.file.StandardOpenOption.CREATE_NEW);
        Files.write(stray, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND); // half-written
        Path unrelated = dir.resolve("notes.tmp");
        Files.write(unrelated, new byte[] {1});
        assertEquals(Optional.of("kept"), Fixture.opened(file()).get("k"));
        assertFalse(Files.exists(stray));
        assertTrue(Files.exists(unrelated), "only our own temporaries are removed");
    }

    @Test
    void noncesNeverRepeat() throws Exception {
        Vault v = fx.vault(file());
        v.unlock(PASSWORD);
        Map<String, String> seen = new HashMap<>(); // nonce -> name and ciphertext it was used for
        int encryptions = 0;
        for (int i = 0; i < 400; i++) {
            v.set("key" + (i % 5), "same value".toCharArray());
            encryptions += 1;
            record(seen);
            if (i == 200) {
                v.changePassword(PASSWORD, "the second password".toCharArray());
                record(seen);
                v.changePassword("the second password".toCharArray(), PASSWORD);
                record(seen);
                encryptions += 10;
            }
        }
        assertEquals(encryptions, seen.size(), "one fresh nonce per encryption, none repeated");
    }

    /** Notes every nonce in the current file; a nonce seen before must belong to the very same ciphertext. */
    private void record(Map<String, String> seen) throws Exception {
        for (Entry e : StoreFormat.parse(Files.readAllBytes(file()), Fixture.FAST).entries()) {
            String use = e.name() + ":" + HexFormat.of().formatHex(e.sealed());
            String before = seen.putIfAbsent(HexFormat.of().formatHex(e.nonce()), use);
            assertTrue(before == null || before.equals(use), "nonce reused for a different encryption");
        }
    }

    @Test
    void changingThePasswordIsAtomicAndReEncryptsEverything() throws Exception {
        Vault v = crashable();
        v.unlock(PASSWORD);
        v.set("a", "value a".toCharArray());
        v.set("b", "value b".toCharArray());
        byte[] before = Files.readAllBytes(file());
        char[] next = "a brand new password".toCharArray();

        fails(ErrorCode.UNAUTHORIZED, () -> v.changePassword("not the password".toCharArray(), next));
        fails(ErrorCode.INVALID_PARAMS, () -> v.changePassword(PASSWORD, "short".toCharArray()));
        crash.set(true);
        fails(ErrorCode.INTERNAL_ERROR, () -> v.changePassword(PASSWORD, next));
        assertArrayEquals(before, Files.readAllBytes(file()), "a failed change leaves the old store");
        assertEquals(Optional.of("value a"), v.get("a"));
        assertEquals(Optional.of("value b"), Fixture.opened(file()).get("b"), "the old password still works");

        crash.set(false);
        v.changePassword(PASSWORD, next);
        assertEquals(State.UNLOCKED, v.state());
        assertEquals(Optional.of("value a"), v.get("a"), "still unlocked, under the new key");
        byte[] after = Files.readAllBytes(file());
        fails(ErrorCode.UNAUTHORIZED, () -> new Fixture().vault(file()).unlock(PASSWORD));
        Vault reopened = new Fixture().vault(file());
        reopened.unlock(next);
        assertEquals(Optional.of("value b"), reopened.get("b"));
        assertFalse(ByteBuffer.wrap(before, 21, 16).equals(ByteBuffer.wrap(after, 21, 16)), "new salt");
        Set<String> oldNonces = nonces(before);
        assertTrue(nonces(after).stream().noneMatch(oldNonces::contains), "every value re-encrypted");

        reopened.lock();
        reopened.changePassword(next, PASSWORD);
        assertEquals(State.LOCKED, reopened.state(), "a locked store stays locked");
        assertEquals(Optional.of("value a"), Fixture.opened(file()).get("a"));
    }

    @Test
    void parallelReadsWritesAndLockCyclesStayConsistent() throws Exception {
        Vault v = fx.vault(file());
        v.unlock(PASSWORD);
        for (int k = 0; k < 4; k++) {
            v.set("key" + k, ("key" + k + "=0").toCharArray());
        }
        ExecutorService pool = Executors.newFixedThreadPool(9);
        List<Callable<Integer>> work = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int k = t;
            work.add(() -> {
                int i = 1;
                while (i <= 150) {
                    try {
                        v.set("key" + k, ("key" + k + "=" + i).toCharArray());
                        i++;
                    } catch (RpcException e) {
                        assertEquals(ErrorCode.UNAVAILABLE, e.error(), "only 'locked' may refuse a write");
                    }
                }
                return 150;
            });
            work.add(() -> {
                int reads = 0;
                for (int i = 0; i < 3000; i++) {
                    try {
                        String value = v.get("key" + k).orElseThrow();
                        assertTrue(value.startsWith("key" + k + "="), value);
                        reads++;
                    } catch (RpcException e) {
                        assertEquals(ErrorCode.UNAVAILABLE, e.error(), "only 'locked' may interrupt a read");
                    }
                }
                return reads;
            });
        }
        work.add(() -> {
            for (int i = 0; i < 20; i++) {
                v.lock();
                v.unlock(PASSWORD);
            }
            return 20;
        });
        try {
            for (Future<Integer> f : pool.invokeAll(work, 2, TimeUnit.MINUTES)) {
                assertTrue(f.get() > 0);
            }
        } finally {
            pool.shutdownNow();
        }
        Vault reopened = Fixture.opened(file());
        for (int k = 0; k < 4; k++) {
            assertEquals(Optional.of("key" + k + "=150"), reopened.get("key" + k));
        }
    }

    private static Set<String> nonces(byte[] file) throws CorruptStoreException {
        Set<String> s = new HashSet<>();
        StoreFormat.parse(file, Fixture.FAST).entries().forEach(e -> s.add(HexFormat.of().formatHex(e.nonce())));
        return s;
    }
}
