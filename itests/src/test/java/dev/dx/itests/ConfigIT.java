package dev.dx.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.environment;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ManagedService;

import com.fasterxml.jackson.databind.JsonNode;

import dev.dx.itests.support.HttpRpc;
import dev.dx.itests.support.TestMethods;
import dev.dx.itests.support.WsTestClient;

/** Typed, validated, hot-reloaded configuration: refused edits keep the last good configuration. */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class ConfigIT extends DxTestSupport {

    @Inject
    protected ConfigurationAdmin configAdmin;

    /** An environment variable of the container whose value looks like a secret: it must never be shown. */
    private static final String ENV_NAME = "DX_IT_CONFIG_TOKEN";
    private static final String ENV_VALUE = "sk-env-never-shown-5c2e91";

    @Override
    protected Option[] extraOptions() {
        // invalid files present at cold start, of the configuration manager itself and of another component:
        // reported, not fatal
        return new Option[] {
            editConfigurationFilePut("etc/dev.dx.config.cfg", "rescanMs", "5"),
            editConfigurationFilePut("etc/dev.dx.session.cfg", "cacheSize", "lots"),
            environment(ENV_NAME + "=" + ENV_VALUE),
        };
    }

    private static void write(Path file, String content) throws Exception {
        Path tmp = file.resolveSibling(file.getFileName() + ".part");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private JsonNode call(String method, Object params) throws Exception {
        return http().call(token(), method, params);
    }

    private static String code(JsonNode r) {
        return r.path("error").path("data").path("code").asText("ok");
    }

    /** Sends a batch of {@code n} health calls; true if the gateway served it. */
    private boolean batchOf(int n) throws Exception {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            b.append(i > 0 ? "," : "").append("{\"jsonrpc\":\"2.0\",\"id\":").append(i).append(",\"method\":\"health\"}");
        }
        HttpRpc.Reply r = http().post("/rpc", b.append(']').toString(), Map.of("Authorization", "Bearer " + token()));
        return r.json().isArray();
    }

    private JsonNode configStatus() throws Exception {
        return call("status", null).get("result").get("config");
    }

    @Test
    public void a_coldStartWithAnInvalidFileReportsItAndRunsEverythingElse() throws Exception {
        JsonNode config = await("the config section in status", TIMEOUT_MS, () -> configStatus());
        assertEquals("degraded", config.get("state").asText());
        String problems = config.get("problems").toString();
        assertTrue(problems, problems.contains("etc/dev.dx.config.cfg") && problems.contains("rescanMs"));
        assertTrue(problems, problems.contains("etc/dev.dx.session.cfg") && problems.contains("cacheSize")
                && problems.contains("'lots' is not a whole number"));
        String shell = executeCommand("dxconfig:status");
        assertTrue(shell, shell.contains("REFUSED") && shell.contains("rescanMs"));
        assertTrue(shell, shell.contains("dev.dx.session.cfg") && shell.contains("cacheSize"));
        String log = log();
        assertTrue(log.contains("Refused etc/dev.dx.config.cfg"));
        assertTrue(log.contains("Refused etc/dev.dx.session.cfg"));
        assertTrue("the gateway runs", batchOf(3));
        // the session store runs on its defaults: the refused value never reached it
        Configuration[] sessionConfig = configAdmin.listConfigurations("(service.pid=dev.dx.session)");
        assertTrue("cacheSize = lots is not in ConfigurationAdmin", sessionConfig == null
                || sessionConfig[0].getProperties() == null
                || sessionConfig[0].getProperties().get("cacheSize") == null);
        JsonNode created = call("sessions.create", Map.of("agentId", "main", "routingKey", "agent:main:config-it"));
        assertEquals(created.toString(), "ok", code(created));
        assertEquals(created.get("result").get("key").asText(),
                call("sessions.get", Map.of("routingKey", "agent:main:config-it")).get("result").get("key").asText());

        write(etc("dev.dx.session.cfg"), withKey(Files.readString(etc("dev.dx.session.cfg")), "cacheSize", "500"));
        write(etc("dev.dx.config.cfg"), "rescanMs = 500\n");
        await("the fixed files are applied", TIMEOUT_MS, () -> "ok".equals(configStatus().get("state").asText()));
        assertEquals("500", configAdmin.getConfiguration("dev.dx.session", "?").getProperties().get("cacheSize"));
    }

    @Test
    public void b_invalidHotEditsAreRefusedAndTheLastGoodConfigurationKeepsServing() throws Exception {
        Path gw = etc("dev.dx.gateway.cfg");
        String original = Files.readString(gw);
        try (WsTestClient ws = connect()) {
            ws.call(1, "events.subscribe", Map.of("topics", List.of("dx/config/*")));
            String[][] bad = {
                {"maxBatchSize = lots\n", "maxBatchSize"},
                {"maxBatchSize = 0\n", "maxBatchSize"},
                {"maxBatchSzie = 3\n", "maxBatchSzie"},
                {"maxBatchSize = 3\nbindAdd", "line"},
            };
            for (String[] b : bad) {
                write(gw, original + b[0]);
                JsonNode e = ws.readJson();
                assertEquals(e.toString(), "dx/config/REJECTED", e.get("params").get("topic").asText());
                JsonNode payload = e.get("params").get("payload");
                assertEquals("etc/dev.dx.gateway.cfg", payload.get("file").asText());
                assertTrue(payload.toString(), payload.toString().contains(b[1]));
                assertEquals("degraded", configStatus().get("state").asText());
                assertTrue("the old limit (64) still applies", batchOf(64));
            }
            // the twin: a valid edit is applied
            write(gw, original + "maxBatchSize = 2\n");
            JsonNode changed = ws.readJson();
            assertEquals("dx/config/CHANGED", changed.get("params").get("topic").asText());
            await("the new limit applies", TIMEOUT_MS, () -> !batchOf(3));
            assertTrue(batchOf(2));
            assertEquals("ok", configStatus().get("state").asText());
        } finally {
            write(gw, original);
            await("the default limit is back", TIMEOUT_MS, () -> batchOf(64));
        }
    }

    @Test
    public void c_setAndPatchValidateThenPersistAtomically() throws Exception {
        Path gw = etc("dev.dx.gateway.cfg");
        write(gw, "# DX gateway, edited by hand\n" + Files.readString(gw));
        String before = Files.readString(gw);
        JsonNode bad = call("config.set", Map.of("pid", "dev.dx.gateway", "key", "maxBatchSize", "value", "many"));
        assertEquals("INVALID_PARAMS", code(bad));
        assertTrue(bad.toString(), bad.get("error").get("message").asText().contains("maxBatchSize"));
        assertEquals("a refused set changes nothing", before, Files.readString(gw));
        assertEquals("INVALID_PARAMS", code(call("config.set", Map.of("pid", "../../etc/passwd", "key", "a", "value", "b"))));
        assertEquals("INVALID_PARAMS", code(call("config.set", Map.of("pid", "dev.dx.gateway", "key", "bogus", "value", 1))));

        JsonNode set = call("config.set", Map.of("pid", "dev.dx.gateway", "key", "maxBatchSize", "value", 5));
        assertEquals(set.toString(), "dev.dx.gateway", set.get("result").get("pid").asText());
        String after = Files.readString(gw);
        assertTrue(after, after.contains("maxBatchSize = 5"));
        assertTrue("comments survive", after.contains("# DX gateway"));
        await("the new limit reaches the gateway", TIMEOUT_MS, () -> !batchOf(6));

        JsonNode got = call("config.get", null).get("result");
        String hash = got.get("hash").asText();
        assertEquals("5", got.get("configurations").get("dev.dx.gateway").get("values").get("maxBatchSize").asText());
        Map<String, Object> change = new HashMap<>();
        change.put("maxBatchSize", null);
        JsonNode stale = call("config.patch", Map.of("patch", Map.of("dev.dx.gateway", change), "baseHash", "0" + hash));
        assertEquals("CONFLICT", code(stale));
        JsonNode patched = call("config.patch", Map.of("patch", Map.of("dev.dx.gateway", change), "baseHash", hash));
        assertEquals(patched.toString(), "ok", code(patched));
        assertFalse(Files.readString(gw).contains("maxBatchSize"));
        // the edit reaches the gateway asynchronously (file watcher, ConfigurationAdmin, DS): wait for it
        await("the key removed, the default applies", TIMEOUT_MS, () -> batchOf(64));
        assertEquals("CONFLICT", code(call("config.patch", Map.of("patch", Map.of("dev.dx.gateway", change),
                "baseHash", hash))));
    }

    @Test
    public void d_schemasComeFromMetaType() throws Exception {
        JsonNode s = call("config.schema", Map.of("pid", "dev.dx.gateway")).get("result");
        JsonNode port = s.get("properties").get("port");
        assertEquals("integer", port.get("type").asText());
        assertEquals(1, port.get("minimum").asInt());
        assertEquals(65535, port.get("maximum").asInt());
        assertEquals(31337, port.get("default").asInt());
        assertEquals("array", s.get("properties").get("allowedOrigins").get("type").asText());
        assertFalse(s.get("additionalProperties").asBoolean());
        JsonNode all = call("config.schema", null).get("result");
        assertTrue(all.has("dev.dx.gateway") && all.has("dev.dx.config"));
        assertEquals("NOT_FOUND", code(call("config.schema", Map.of("pid", "dev.dx.nope"))));
        assertTrue(executeCommand("dxconfig:schema dev.dx.gateway").contains("maxBatchSize"));
    }

    @Test
    public void e_referencesStayUnresolvedOnDiskAndResolveOnDelivery() throws Exception {
        Path gw = etc("dev.dx.gateway.cfg");
        String original = Files.readString(gw);
        try {
            write(gw, original + "maxBatchSize = ${env:DX_TEST_SURELY_UNSET:-3}\n");
            await("the resolved default applies", TIMEOUT_MS, () -> !batchOf(4));
            assertTrue(batchOf(3));
            Configuration c = configAdmin.getConfiguration("dev.dx.gateway", "?");
            assertEquals("stored as written", "${env:DX_TEST_SURELY_UNSET:-3}", c.getProperties().get("maxBatchSize"));
            write(gw, original + "maxBatchSize = ${env:DX_TEST_SURELY_UNSET}\n");
            await("an unset variable is refused", TIMEOUT_MS,
                    () -> configStatus().get("problems").toString().contains("DX_TEST_SURELY_UNSET is not set"));
            assertTrue("the last good value (3) stays", batchOf(3) && !batchOf(4));
        } finally {
            write(gw, original);
            await("back to defaults", TIMEOUT_MS, () -> batchOf(64));
        }
    }

    @Test
    public void f_secretsInClearAreMaskedAndFilesComeAndGo() throws Exception {
        Path f = etc("dev.dx.test.sample.cfg");
        write(f, "apiToken = sk-live-visible-nowhere\nplain = hello\n");
        JsonNode sample = await("the sample configuration", TIMEOUT_MS, () -> {
            JsonNode r = call("config.get", null).get("result").get("configurations").get("dev.dx.test.sample");
            return r;
        });
        assertEquals("********", sample.get("values").get("apiToken").asText());
        assertEquals("hello", sample.get("values").get("plain").asText());
        assertFalse(call("config.get", null).toString().contains("sk-live-visible-nowhere"));
        assertFalse("a secret in clear is not logged either", log().contains("sk-live-visible-nowhere"));
        assertEquals("hello", configAdmin.getConfiguration("dev.dx.test.sample", "?").getProperties().get("plain"));
        Files.delete(f);
        await("the configuration is deleted with its file", TIMEOUT_MS,
                () -> configAdmin.listConfigurations("(service.pid=dev.dx.test.sample)") == null);
        assertNull(call("config.get", null).get("result").get("configurations").get("dev.dx.test.sample"));
    }

    @Test
    public void g_problemsNeverShowWhatAReferenceResolvedTo() throws Exception {
        assertEquals("the container has the variable", ENV_VALUE, System.getenv(ENV_NAME));
        Path gw = etc("dev.dx.gateway.cfg");
        String original = Files.readString(gw);
        String reference = "${env:" + ENV_NAME + "}";
        try (WsTestClient ws = connect()) {
            ws.call(1, "events.subscribe", Map.of("topics", List.of("dx/config/*")));
            write(gw, original + "maxBatchSize = " + reference + "\n");
            JsonNode e = ws.readJson();
            assertEquals(e.toString(), "dx/config/REJECTED", e.get("params").get("topic").asText());
            String payload = e.get("params").get("payload").toString();
            assertTrue(payload, payload.contains("the value of " + reference + " is not a whole number"));
            assertFalse("the event does not show the value", payload.contains(ENV_VALUE));
            String status = configStatus().toString();
            assertTrue(status, status.contains(reference));
            assertFalse("status does not show the value", status.contains(ENV_VALUE));
            String shell = executeCommand("dxconfig:status");
            assertTrue(shell, shell.contains("maxBatchSize"));
            assertFalse("dxconfig:status does not show the value", shell.contains(ENV_VALUE));
            JsonNode set = call("config.set", Map.of("pid", "dev.dx.gateway", "key", "maxBatchSize", "value",
                    reference));
            assertEquals("INVALID_PARAMS", code(set));
            assertFalse("config.set does not show the value", set.toString().contains(ENV_VALUE));

            // the twin: a value written in the file itself is quoted, which helps to spot the mistake
            write(gw, original + "maxBatchSize = lots\n");
            JsonNode literal = ws.readJson();
            assertEquals("dx/config/REJECTED", literal.get("params").get("topic").asText());
            assertTrue(literal.toString(), literal.get("params").get("payload").get("reason").asText()
                    .contains("'lots' is not a whole number"));
        } finally {
            write(gw, original);
            await("the file is good again", TIMEOUT_MS, () -> "ok".equals(configStatus().get("state").asText()));
        }
        String log = await("the refusals are logged", TIMEOUT_MS, () -> {
            String l = log();
            return l.contains("the value of " + reference) && l.contains("'lots' is not a whole number") ? l : null;
        });
        assertFalse("the log does not show the value", log.contains(ENV_VALUE));
    }

    @Test
    public void h_aFileAppliedBeforeItsSchemaIsTakenBackWhenTheSchemaRefusesIt() throws Exception {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<metatype:MetaData xmlns:metatype=\"http://www.osgi.org/xmlns/metatype/v1.4.0\">\n"
                + "  <OCD id=\"dev.dx.test.late\" name=\"Late\">\n"
                + "    <AD id=\"count\" type=\"Integer\" default=\"1\" min=\"1\" max=\"100\"/>\n"
                + "  </OCD>\n"
                + "  <Designate pid=\"dev.dx.test.late\"><Object ocdref=\"dev.dx.test.late\"/></Designate>\n"
                + "</metatype:MetaData>\n";
        byte[] schemaBundle = TestMethods.bundleOf("dx.test.late", "1.0.0",
                Map.of("OSGI-INF/metatype/late.xml", xml.getBytes(StandardCharsets.UTF_8)));
        BlockingQueue<Object> delivered = new LinkedBlockingQueue<>();
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(Constants.SERVICE_PID, "dev.dx.test.late");
        ServiceRegistration<ManagedService> component = bundleContext.registerService(ManagedService.class,
                p -> delivered.add(p == null ? "defaults" : String.valueOf(p.get("count"))), props);
        Path file = etc("dev.dx.test.late.cfg");
        Bundle schema = null;
        try {
            // no bundle declares the schema yet: the file cannot be checked and is applied as it is
            write(file, "count = many\n");
            awaitDelivery(delivered, "many");
            schema = bundleContext.installBundle("dx-test:late", new ByteArrayInputStream(schemaBundle));
            schema.start();
            awaitDelivery(delivered, "defaults");
            assertNull("taken back", configAdmin.listConfigurations("(service.pid=dev.dx.test.late)"));
            String problems = await("the refusal in status", TIMEOUT_MS, () -> {
                JsonNode p = configStatus().get("problems");
                return p != null && p.toString().contains("dev.dx.test.late.cfg") ? p.toString() : null;
            });
            assertTrue(problems, problems.contains("count") && problems.contains("'many' is not a whole number"));

            // the twin: a valid file is applied, and becomes the last good configuration
            write(file, "count = 5\n");
            awaitDelivery(delivered, "5");
            schema.uninstall();
            write(file, "count = lots\n");
            awaitDelivery(delivered, "lots");
            schema = bundleContext.installBundle("dx-test:late", new ByteArrayInputStream(schemaBundle));
            schema.start();
            awaitDelivery(delivered, "5");
            assertEquals("5", configAdmin.getConfiguration("dev.dx.test.late", "?").getProperties().get("count"));
            assertTrue(log().contains("dev.dx.test.late runs on its last good configuration"));
        } finally {
            Files.deleteIfExists(file);
            if (schema != null && schema.getState() != Bundle.UNINSTALLED) {
                schema.uninstall();
            }
            component.unregister();
        }
        await("the configuration goes with its file", TIMEOUT_MS,
                () -> "ok".equals(configStatus().get("state").asText()));
    }

    /** Waits until the component is configured with {@code count} (or "defaults": no configuration). */
    private static void awaitDelivery(BlockingQueue<Object> delivered, String count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        List<Object> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            Object c = delivered.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (count.equals(c)) {
                return;
            }
            seen.add(c);
        }
        throw new AssertionError("the component was not configured with count " + count + "; it got " + seen);
    }
}
