package dev.dx.secrets.internal.store;

import static dev.dx.secrets.internal.store.Fixture.PASSWORD;
import static dev.dx.secrets.internal.store.Fixture.fails;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dx.api.rpc.ErrorCode;
import dev.dx.api.rpc.RpcException;
import dev.dx.api.secrets.SecretStore.State;

class VaultTest {
    @TempDir
    Path dir;

    private final Fixture fx = new Fixture();

    private Path file() {
        return dir.resolve("dx").resolve("secrets.store");
    }

    @Test
    void roundTripThroughTheFile() throws Exception {
        Vault v = fx.vault(file());
        assertEquals(State.UNINITIALIZED, v.state());
        v.unlock(PASSWORD);
        assertEquals(State.UNLOCKED, v.state());
        v.set("openai.api-key", "sk-test-1234567890".toCharArray());
        v.set("telegram.token", "123:ÄÖÜ € 😀".toCharArray());
        assertEquals(Optional.of("sk-test-1234567890"), v.get("openai.api-key"));
        assertEquals(Optional.empty(), v.get("missing"));
        assertEquals(List.of("openai.api-key", "telegram.token"), v.names());

        Vault again = fx.vault(file());
        assertEquals(State.LOCKED, again.state());
        again.unlock(PASSWORD);
        assertEquals(Optional.of("123:ÄÖÜ € 😀"), again.get("telegram.token"));
        assertTrue(again.delete("openai.api-key"));
        assertFalse(again.delete("openai.api-key"));
        assertEquals(List.of("telegram.token"), Fixture.opened(file()).names());
        assertEquals(List.of("unlocked", "set openai.api-key", "set telegram.token", "unlocked",
                "deleted openai.api-key"), fx.events);
    }

    @Test
    void theFileIsOwnerOnlyAndHoldsNoValueInClear() throws Exception {
        Vault v = fx.vault(file());
        v.unlock(PASSWORD);
        v.set("k", "sk-test-plaintext-marker".toCharArray());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file().getParent())));
        String raw = new String(Files.readAllBytes(file()), StandardCharsets.ISO_8859_1);
        assertFalse(raw.contains("plaintext-marker"));
        assertFalse(raw.contains(new String(PASSWORD)));
        try (var listing = Files.list(file().getParent())) {
            assertEquals(List.of(file()), listing.toList(), "no temporary file left behind");
        }
    }

    @Test
    void lockedAndUninitializedStoresSayHowToUnlock() {
        Vault v = fx.vault(file());
        RpcException e = fails(ErrorCode.UNAVAILABLE, () -> v.get("x"));
        assertTrue(e.getMessage().contains("secrets:unlock"), e.getMessage());
        v.unlock(PASSWORD);
        v.lock();
        assertEquals(State.LOCKED, v.state());
        e = fails(ErrorCode.UNAVAILABLE, () -> v.get("x"));
        assertEquals("The secret store is locked: run secrets:unlock in the console or set DX_MASTER_PASSWORD",
                e.getMessage());
        fails(ErrorCode.UNAVAILABLE, () -> v.set("x", "y".toCharArray()));
        fails(ErrorCode.UNAVAILABLE, v::names);
        fails(ErrorCode.UNAVAILABLE, () -> v.delete("x"));
        assertEquals("locked", v.status().get("state"));
    }

    @Test
    void badInputIsRefusedWithoutEchoingIt() {
        Vault v = fx.vault(file());
        fails(ErrorCode.INVALID_PARAMS, () -> v.unlock("short".toCharArray()));
        assertFalse(Files.exists(file()), "a too short first password creates nothing");
        v.unlock(PASSWORD);
        for (String bad : new String[] {"", "Upper", "-lead", "a b", "../x", "x/y", "a".repeat(129), "sk-test-Ω"}) {
            RpcException e = fails(ErrorCode.INVALID_PARAMS, () -> v.set(bad, "v".toCharArray()));
            assertFalse(!bad.isEmpty() && e.getMessage().contains(bad), e.getMessage());
        }
        fails(ErrorCode.INVALID_PARAMS, () -> v.set("empty", new char[0]));
        fails(ErrorCode.TOO_LARGE, () -> v.set("big", new char[65_537]));
        fails(ErrorCode.INVALID_PARAMS, () -> v.set("surrogate", new char[] {'\uD800'}));
        v.set("a".repeat(128), new char[65_536]);
    }

    @Test
    void wrongPasswordChangesNothingAndRepeatedAttemptsAreSlowedDown() throws Exception {
        Fixture slow = new Fixture(new Throttle.Policy(2, 1_000, 4_000));
        Vault v = slow.vault(file());
        v.unlock(PASSWORD);
        v.set("k", "value".toCharArray());
        v.lock();
        byte[] before = Files.readAllBytes(file());
        long modified = Files.getLastModifiedTime(file()).toMillis();

        RpcException first = fails(ErrorCode.UNAUTHORIZED, () -> v.unlock("wrong password 1".toCharArray()));
        assertTrue(first.getMessage().toLowerCase().contains("wrong master password"), first.getMessage());
        assertTrue(first.retryAfterMs() < 0);
        RpcException second = fails(ErrorCode.UNAUTHORIZED, () -> v.unlock("wrong password 2".toCharArray()));
        assertEquals(1_000, second.retryAfterMs(), "the failure that reaches the threshold says how long to wait");
        RpcException limited = fails(ErrorCode.RATE_LIMITED, () -> v.unlock(PASSWORD));
        assertEquals(1_000, limited.retryAfterMs(), "even the right password waits");
        assertEquals("locked", v.status().get("state"));
        assertTrue(v.status().get("problems").toString().contains("paused"));

        slow.clock.addAndGet(1_000_000_000L);
        fails(ErrorCode.UNAUTHORIZED, () -> v.unlock("wrong password 3".toCharArray()));
        assertEquals(2_000, fails(ErrorCode.RATE_LIMITED, () -> v.unlock(PASSWORD)).retryAfterMs(), "it doubles");
        slow.clock.addAndGet(2_000_000_000L);
        fails(ErrorCode.UNAUTHORIZED, () -> v.unlock("wrong password 4".toCharArray()));
        slow.clock.addAndGet(4_000_000_000L);
        fails(ErrorCode.UNAUTHORIZED, () -> v.unlock("wrong password 5".toCharArray()));
        assertEquals(4_000, fails(ErrorCode.RATE_LIMITED, () -> v.unlock(PASSWORD)).retryAfterMs(), "up to the cap");

        assertArrayEquals(before, Files.readAllBytes(file()), "nothing was written");
        assertEquals(modified, Files.getLastModifiedTime(file()).toMillis());
        slow.clock.addAndGet(4_000_000_000L);
        v.unlock(PASSWORD);
        assertEquals(Optional.of("value"), v.get("k"));
        v.lock();
        fails(ErrorCode.UNAUTHORIZED, () -> v.unlock("wrong again".toCharArray()));
        assertTrue(fails(ErrorCode.UNAUTHORIZED, () -> v.unlock("and again".toCharArray())).retryAfterMs() > 0);
    }

    @Test
    void unlockingAnUnlockedStoreDoesNothing() {
        Vault v = fx.vault(file());
        v.unlock(PASSWORD);
        v.unlock("anything at all".toCharArray());
        assertEquals(State.UNLOCKED, v.state());
        assertEquals(List.of("unlocked"), fx.events);
    }

    @Test
    void closeLocksForGood() {
        Vault v = fx.vault(file());
        v.unlock(PASSWORD);
        v.close();
        assertEquals(State.LOCKED, v.state());
        fails(ErrorCode.UNAVAILABLE, () -> v.unlock(PASSWORD));
        assertEquals(List.of("unlocked", "locked"), fx.events);
    }

    @Test
    void statusReportsStateCountAndNothingSecret() {
        Vault v = fx.vault(file());
        assertEquals(Map.of("state", "uninitialized", "count", 0, "problems", List.of()), v.status());
        v.unlock(PASSWORD);
        v.set("a", "sk-test-status".toCharArray());
        assertEquals(Map.of("state", "unlocked", "count", 1, "problems", List.of()), v.status());
        v.lock();
        assertEquals(Map.of("state", "locked", "count", 1, "problems", List.of()), v.status());
        assertFalse(v.status().toString().contains("sk-test"));
    }
}
