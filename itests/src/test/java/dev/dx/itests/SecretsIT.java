package dev.dx.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivilegedExceptionAction;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.security.auth.Subject;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.shell.api.console.Session;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ManagedService;

import com.fasterxml.jackson.databind.JsonNode;

import dev.dx.api.rpc.ErrorCode;
import dev.dx.api.rpc.RpcException;
import dev.dx.api.secrets.SecretStore;
import dev.dx.itests.support.HttpRpc;
import dev.dx.itests.support.WsTestClient;

/**
 * The Secrets section of SECURITY-TESTS.md against the real distribution: the store unlocks at start from an
 * owner-only password file, is used over HTTP and the console, locks, refuses wrong passwords and then slows them
 * down, refuses a damaged file while the gateway keeps serving, survives bundle restarts and updates, and no value
 * ever reaches the log or the metrics.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class SecretsIT extends DxTestSupport {
    private static final String MASTER = "it master password 7f3a";
    /** Every value this class stored, to prove none of them reached the logs. */
    private static final List<String> VALUES = new CopyOnWriteArrayList<>();

    @Override
    protected Option[] extraOptions() {
        Path file = Paths.get(System.getProperty("project.build.directory", "target"), "secrets-it", "master.pw")
                .toAbsolutePath();
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, MASTER + "\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String cfg = "etc/dev.dx.secrets.cfg";
        return new Option[] {
            editConfigurationFilePut(cfg, "passwordFile", file.toString()),
            editConfigurationFilePut(cfg, "unlockFailuresBeforeDelay", "2"),
            editConfigurationFilePut(cfg, "unlockDelayMs", "3000"),
            editConfigurationFilePut(cfg, "unlockMaxDelayMs", "6000"),
        };
    }

    private static String value() {
        String v = "sk-test-" + UUID.randomUUID();
        VALUES.add(v);
        return v;
    }

    private SecretStore store() {
        return waitForService(SecretStore.class, null, TIMEOUT_MS);
    }

    private SecretStore unlocked() {
        return await("the secret store to be unlocked", TIMEOUT_MS, () -> {
            SecretStore s = store();
            return s.state() == SecretStore.State.UNLOCKED ? s : null;
        });
    }

    private static String code(JsonNode response) {
        return response.path("error").path("data").path("code").asText("ok");
    }

    private Path storeFile() {
        return Paths.get(System.getProperty("karaf.data"), "dx", "secrets.store");
    }

    private JsonNode secretsStatus() throws Exception {
        return http().call(token(), "status", null).get("result").get("secrets");
    }

    @Test
    public void a_unlocksAtStartFromTheOwnerOnlyPasswordFile() throws Exception {
        unlocked();
        JsonNode s = await("status to show the unlocked store", TIMEOUT_MS, () -> {
            JsonNode n = secretsStatus();
            return n != null && "unlocked".equals(n.path("state").asText()) ? n : null;
        });
        assertEquals(0, s.get("problems").size());
        assertTrue(s.has("count"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(storeFile())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(storeFile().getParent())));
    }

    @Test
    public void b_adminsSetAndListOverHttpAndReadersOnlySeeTheState() throws Exception {
        unlocked();
        HttpRpc http = http();
        String v = value();
        JsonNode set = http.call(token(), "secrets.set", Map.of("name", "openai.key", "value", v));
        assertEquals(set.toString(), "openai.key", set.get("result").get("name").asText());
        assertFalse(set.toString().contains(v));
        assertEquals(v, store().get("openai.key").orElseThrow());
        JsonNode names = http.call(token(), "secrets.list", null).get("result").get("names");
        assertTrue(names.toString(), names.toString().contains("openai.key"));
        assertFalse(names.toString().contains(v));

        JsonNode bad = http.call(token(), "secrets.set", Map.of("name", "Not A Name", "value", v));
        assertEquals("INVALID_PARAMS", code(bad));
        assertFalse(bad.toString().contains(v));
        assertEquals("INVALID_PARAMS", code(http.call(token(), "secrets.set", Map.of("name", "x", "valu", v))));

        String out = executeCommand("gateway:token-create reader read");
        String reader = out.lines().filter(l -> l.startsWith("dxg_")).findFirst().orElseThrow(() -> new AssertionError(out));
        assertEquals("FORBIDDEN", code(http.call(reader, "secrets.set", Map.of("name", "evil", "value", "x"))));
        assertEquals("FORBIDDEN", code(http.call(reader, "secrets.list", null)));
        assertEquals("FORBIDDEN", code(http.call(reader, "secrets.unlock", Map.of("password", MASTER))));
        assertEquals("FORBIDDEN", code(http.call(reader, "secrets.lock", null)));
        assertFalse(store().names().contains("evil"));
        JsonNode st = http.call(reader, "secrets.status", null).get("result");
        assertEquals("unlocked", st.get("state").asText());
        assertTrue(st.get("count").asInt() >= 1);
        assertEquals("state and count only", 2, st.size());
    }

    @Test
    public void c_consoleListsDeletesAndLocksAndReadsSayHowToUnlock() throws Exception {
        SecretStore s = unlocked();
        String v = value();
        s.set("tmp.key", v.toCharArray());
        String list = executeCommand("secrets:list");
        assertTrue(list, list.contains("tmp.key"));
        assertFalse(list.contains(v));
        assertTrue(executeCommand("secrets:delete tmp.key").contains("Deleted tmp.key"));
        assertFalse(executeCommand("secrets:list").contains("tmp.key"));

        // Karaf hides a command from users its ACL does not admit; the twin below shows the scope itself is visible
        String denied = executeAs("secrets:lock", "viewer");
        assertTrue(denied, denied.contains("Command not found: secrets:lock") || denied.contains("Insufficient"));
        assertEquals(denied, SecretStore.State.UNLOCKED, store().state());
        assertTrue("a viewer may list: " + executeAs("secrets:list", "viewer"),
                executeAs("secrets:list", "viewer").contains("openai.key"));

        try (WsTestClient ws = connect()) {
            ws.call(1, "events.subscribe", Map.of("topics", List.of("dx/secrets/*")));
            assertTrue(executeCommand("secrets:lock").contains("locked"));
            assertEquals("dx/secrets/LOCKED", ws.readJson().get("params").get("topic").asText());
            try {
                store().get("openai.key");
                fail("a locked store returned a value");
            } catch (RpcException e) {
                assertEquals(ErrorCode.UNAVAILABLE, e.error());
                assertEquals("The secret store is locked: run secrets:unlock in the console or set DX_MASTER_PASSWORD",
                        e.getMessage());
            }
            JsonNode r = http().call(token(), "secrets.list", null);
            assertEquals("UNAVAILABLE", code(r));
            assertTrue(r.toString(), r.get("error").get("message").asText().contains("secrets:unlock"));
            assertEquals("locked", secretsStatus().get("state").asText());
            assertEquals("locked", http().call(token(), "secrets.status", null).get("result").get("state").asText());

            JsonNode u = http().call(token(), "secrets.unlock", Map.of("password", MASTER));
            assertEquals(u.toString(), "unlocked", u.get("result").get("state").asText());
            assertEquals("dx/secrets/UNLOCKED", ws.readJson().get("params").get("topic").asText());
        }
        assertTrue(store().get("openai.key").isPresent());
    }

    @Test
    public void d_wrongPasswordsAreRefusedThenSlowedDown() throws Exception {
        unlocked().lock();
        byte[] before = Files.readAllBytes(storeFile());
        JsonNode first = http().call(token(), "secrets.unlock", Map.of("password", "wrong guess one"));
        assertEquals("UNAUTHORIZED", code(first));
        assertTrue(first.toString(), first.toString().toLowerCase().contains("wrong master password"));
        try {
            store().unlock("wrong guess two".toCharArray());
            fail("a wrong password unlocked the store");
        } catch (RpcException e) {
            assertEquals(ErrorCode.UNAUTHORIZED, e.error());
            assertTrue("the failure that reaches the threshold says how long to wait", e.retryAfterMs() > 0);
        }
        JsonNode limited = http().call(token(), "secrets.unlock", Map.of("password", MASTER));
        assertEquals("even the right password waits", "RATE_LIMITED", code(limited));
        assertTrue(limited.toString(), limited.get("error").get("data").get("retryAfterMs").asLong() > 0);
        assertArrayEquals("nothing was written", before, Files.readAllBytes(storeFile()));
        assertTrue(secretsStatus().get("problems").toString().contains("paused"));
        await("the delay to pass and the right password to work", TIMEOUT_MS,
                () -> "ok".equals(code(http().call(token(), "secrets.unlock", Map.of("password", MASTER)))));
        assertEquals(SecretStore.State.UNLOCKED, store().state());
    }

    @Test
    public void e_aFlippedBitOnDiskIsRefusedAndTheGatewayKeepsServing() throws Exception {
        SecretStore s = unlocked();
        String v = value();
        s.set("telegram.token", v.toCharArray());
        byte[] good = Files.readAllBytes(storeFile());
        byte[] bad = good.clone();
        bad[good.length - 40] ^= 0x10; // inside the last entry's tag
        Files.write(storeFile(), bad);

        JsonNode refused = http().call(token(), "secrets.set", Map.of("name", "other.key", "value", value()));
        assertEquals("a changed file is not overwritten", "CONFLICT", code(refused));
        assertTrue(refused.toString(), refused.toString().contains("secrets:lock"));
        assertArrayEquals(bad, Files.readAllBytes(storeFile()));

        s.lock();
        JsonNode unlock = http().call(token(), "secrets.unlock", Map.of("password", MASTER));
        assertEquals("UNAVAILABLE", code(unlock));
        String message = unlock.get("error").get("message").asText();
        assertTrue(message, message.contains("cannot be trusted") && message.contains("backup"));
        assertFalse(message.contains(v) || message.contains(System.getProperty("karaf.data")));
        JsonNode status = secretsStatus();
        assertEquals("locked", status.get("state").asText());
        assertTrue(status.toString(), status.get("problems").toString().contains("cannot be trusted"));
        assertTrue(http().call(token(), "health", null).get("result").get("ok").asBoolean());
        assertArrayEquals("nothing overwritten", bad, Files.readAllBytes(storeFile()));

        Files.write(storeFile(), good); // the owner restores the backup
        assertEquals("ok", code(http().call(token(), "secrets.unlock", Map.of("password", MASTER))));
        assertEquals(v, store().get("telegram.token").orElseThrow());
        assertEquals(0, secretsStatus().get("problems").size());
    }

    @Test
    public void f_comesBackUnlockedAfterBundleRestartAndUpdate() throws Exception {
        String v = value();
        unlocked().set("restart.key", v.toCharArray());
        for (String command : new String[] {"bundle:restart dev.dx.secrets", "bundle:update dev.dx.secrets"}) {
            String out = executeCommand(command);
            assertFalse(out, out.contains("Error"));
            assertEquals(command, v, unlocked().get("restart.key").orElseThrow());
            await("secrets.status after " + command, TIMEOUT_MS, () -> "unlocked".equals(
                    http().call(token(), "secrets.status", null).path("result").path("state").asText()));
        }
        await("the unlock thread to finish (no leaked threads)", TIMEOUT_MS, () -> Thread.getAllStackTraces()
                .keySet().stream().noneMatch(t -> t.getName().equals("dx-secrets-unlock")));
    }

    @Test
    public void g_configurationReferencesResolveOnlyWhileUnlocked() throws Exception {
        SecretStore s = unlocked();
        String v = value();
        s.set("sample.api-key", v.toCharArray());
        BlockingQueue<Dictionary<String, ?>> delivered = new LinkedBlockingQueue<>();
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(Constants.SERVICE_PID, "dev.dx.test.secretref");
        ServiceRegistration<ManagedService> reg = bundleContext.registerService(ManagedService.class,
                p -> {
                    if (p != null) {
                        delivered.add(p);
                    }
                }, props);
        Path cfg = Paths.get(System.getProperty("karaf.etc"), "dev.dx.test.secretref.cfg");
        try {
            Files.writeString(cfg, "apiKey = ${secret:sample.api-key}\n");
            Dictionary<String, ?> resolved = next(delivered, p -> v.equals(p.get("apiKey")));
            assertEquals("the component gets the value", v, resolved.get("apiKey"));
            String view = http().call(token(), "config.get", null).toString();
            assertTrue(view, view.contains("${secret:sample.api-key}"));
            assertFalse("config.get shows the reference, never the value", view.contains(v));

            s.lock();
            Files.writeString(cfg, "apiKey = ${secret:sample.api-key}\nother = 1\n");
            Dictionary<String, ?> locked = next(delivered, p -> "1".equals(String.valueOf(p.get("other"))));
            assertEquals("while locked the reference stays as written", "${secret:sample.api-key}",
                    locked.get("apiKey"));
            s.unlock(MASTER.toCharArray());
            next(delivered, p -> v.equals(p.get("apiKey")));
        } finally {
            Files.deleteIfExists(cfg);
            reg.unregister();
        }
    }

    private static Dictionary<String, ?> next(BlockingQueue<Dictionary<String, ?>> queue,
            java.util.function.Predicate<Dictionary<String, ?>> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        while (System.nanoTime() < deadline) {
            Dictionary<String, ?> p = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (p != null && wanted.test(p)) {
                return p;
            }
        }
        throw new AssertionError("no matching configuration delivered within " + TIMEOUT_MS + " ms");
    }

    @Test
    public void z_noValueOrPasswordReachedTheLogsOrMetrics() throws Exception {
        String log = log();
        String metrics = http().get("/metrics", Map.of("Authorization", "Bearer " + token())).body();
        assertTrue("values checked", VALUES.size() >= 4);
        for (String v : VALUES) {
            assertFalse("a secret value is in the log", log.contains(v) || log.contains(v.substring(8)));
            assertFalse("a secret value is in the metrics", metrics.contains(v));
        }
        assertFalse("the master password is in the log", log.contains(MASTER));
        assertFalse(log.contains("wrong guess"));
        assertTrue("the log does show what happened", log.contains("Secret store unlocked"));
    }

    /** Runs a console command as a user holding only {@code roles}, to check the command ACLs. */
    private String executeAs(String command, String... roles) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal("limited"));
        for (String role : roles) {
            subject.getPrincipals().add(new RolePrincipal(role));
        }
        try (Session session = sessionFactory.create(System.in, ps, ps)) {
            Object result = Subject.doAs(subject, (PrivilegedExceptionAction<Object>) () -> session.execute(command));
            if (result != null) {
                ps.println(result);
            }
        } catch (Exception e) {
            ps.println("Error executing '" + command + "': " + e);
        }
        ps.flush();
        return out.toString(StandardCharsets.UTF_8);
    }
}
