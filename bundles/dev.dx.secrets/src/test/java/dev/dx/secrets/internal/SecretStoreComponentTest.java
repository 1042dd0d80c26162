package dev.dx.secrets.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import dev.dx.api.event.Topics;
import dev.dx.api.rpc.ErrorCode;
import dev.dx.api.rpc.RpcException;
import dev.dx.api.secrets.SecretStore.State;
import dev.dx.testsupport.component.Inject;

/** The DS component with production Argon2 parameters: automatic unlock, password files, events, lifecycle. */
class SecretStoreComponentTest {
    private static final String PASSWORD = "env password 123";

    @TempDir
    Path dir;

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Map<String, String> env = new HashMap<>();
    private SecretStoreComponent active;

    private final EventAdmin eventAdmin = new EventAdmin() {
        @Override
        public void postEvent(Event event) {
            events.add(event);
        }

        @Override
        public void sendEvent(Event event) {
            events.add(event);
        }
    };

    @AfterEach
    void deactivate() throws InterruptedException {
        if (active != null) {
            active.deactivate();
        }
    }

    private SecretStoreComponent activate(Map<String, Object> config) {
        SecretStoreComponent c = new SecretStoreComponent(env::get);
        Inject.field(c, "events", eventAdmin);
        Map<String, Object> all = new HashMap<>(config);
        all.putIfAbsent("storeFile", dir.resolve("data/secrets.store").toString());
        c.activate(TestConfigs.secrets(all));
        active = c;
        return c;
    }

    private Event next(String topic) throws InterruptedException {
        Event e = events.poll(30, TimeUnit.SECONDS);
        assertNotNull(e, "no event within 30 s; expected " + topic);
        assertEquals(topic, e.getTopic());
        return e;
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    private static boolean unlockThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("dx-secrets-unlock"));
    }

    @Test
    void unlocksAtStartWithTheEnvironmentPasswordAndLocksWhenDeactivated() throws Exception {
        env.put(SecretStoreComponent.ENV, PASSWORD);
        SecretStoreComponent c = activate(Map.of());
        next(Topics.SECRETS_UNLOCKED);
        assertEquals(State.UNLOCKED, c.state());
        c.set("openai.key", "sk-test-env".toCharArray());
        Event changed = next(Topics.SECRETS_CHANGED);
        assertEquals(Map.of("name", "openai.key", "action", "set"), changed.getProperty(Topics.PAYLOAD));
        assertEquals(Map.of("state", "unlocked", "count", 1, "problems", List.of()), c.status());
        assertEquals("secrets", c.name());

        c.deactivate();
        active = null;
        next(Topics.SECRETS_LOCKED);
        assertEquals(State.LOCKED, c.state());
        assertThrows(RpcException.class, () -> c.get("openai.key"));
        assertFalse(unlockThreadAlive(), "the unlock thread is gone");
    }

    @Test
    void unlocksWithAnOwnerOnlyPasswordFile() throws Exception {
        Path pw = dir.resolve("master.pw");
        Files.writeString(pw, "file password 42\nignored second line");
        Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-------"));
        SecretStoreComponent c = activate(Map.of("passwordFile", pw.toString()));
        next(Topics.SECRETS_UNLOCKED);
        c.set("k", "v".toCharArray());
        c.lock();
        c.unlock("file password 42".toCharArray());
        assertEquals(Optional.of("v"), c.get("k"));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("data"))));
    }

    @Test
    void refusesAPasswordFileOthersCanRead() throws Exception {
        Path pw = dir.resolve("master.pw");
        Files.writeString(pw, "file password 42\n");
        Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-r-----"));
        SecretStoreComponent c = activate(Map.of("passwordFile", pw.toString()));
        await("the refusal in status", () -> c.status().get("problems").toString().contains("chmod 600 " + pw));
        assertEquals(State.UNINITIALIZED, c.state(), "nothing was created with a password others may know");
        assertFalse(Files.exists(dir.resolve("data/secrets.store")));
    }

    @Test
    void withoutAPasswordSourceTheStoreWaitsForTheOwner() throws Exception {
        SecretStoreComponent c = activate(Map.of());
        assertEquals(Map.of("state", "uninitialized", "count", 0, "problems", List.of()), c.status());
        c.unlock(PASSWORD.toCharArray());
        next(Topics.SECRETS_UNLOCKED);
        c.set("k", "v".toCharArray());
        next(Topics.SECRETS_CHANGED);
        c.lock();
        next(Topics.SECRETS_LOCKED);
        RpcException e = assertThrows(RpcException.class, () -> c.get("k"));
        assertEquals(ErrorCode.UNAVAILABLE, e.error());
        assertEquals("The secret store is locked: run secrets:unlock in the console or set DX_MASTER_PASSWORD",
                e.getMessage());
        assertEquals(Map.of("state", "locked", "count", 1, "problems", List.of()), c.status());
    }

    @Test
    void aWrongEnvironmentPasswordIsReportedInStatus() throws Exception {
        SecretStoreComponent first = activate(Map.of());
        first.unlock(PASSWORD.toCharArray());
        first.deactivate();
        env.put(SecretStoreComponent.ENV, "not the password");
        SecretStoreComponent c = activate(Map.of());
        await("the refusal in status", () -> c.status().get("problems").toString()
                .contains("Unlocking with DX_MASTER_PASSWORD failed: Wrong master password"));
        assertEquals(State.LOCKED, c.state());
        assertFalse(c.status().toString().contains("not the password"));
    }

    @Test
    void theConfigurationRefusesLessThan64MiB() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> activate(Map.of("argon2MemoryKiB", 1024)));
        assertTrue(e.getMessage().contains("argon2MemoryKiB"), e.getMessage());
        active = null;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> activate(Map.of("unlockDelayMs", 0L)))
                .getMessage().contains("unlockDelayMs"));
        active = null;
    }

    @Test
    void aNewStoreFileInTheConfigurationLocksTheOldOne() throws Exception {
        env.put(SecretStoreComponent.ENV, PASSWORD);
        SecretStoreComponent c = activate(Map.of());
        next(Topics.SECRETS_UNLOCKED);
        c.set("k", "v".toCharArray());
        next(Topics.SECRETS_CHANGED);
        c.modified(TestConfigs.secrets(Map.of("storeFile", dir.resolve("other/secrets.store").toString())));
        next(Topics.SECRETS_LOCKED);
        next(Topics.SECRETS_UNLOCKED);
        assertEquals(List.of(), c.names(), "a new, empty store");
    }
}
