package dev.dx.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.Option;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import com.fasterxml.jackson.databind.JsonNode;

import dev.dx.itests.support.HttpRpc;
import dev.dx.itests.support.WsTestClient;

/** Typed, validated, hot-reloaded configuration: refused edits keep the last good configuration. */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class ConfigIT extends DxTestSupport {

    @Inject
    protected ConfigurationAdmin configAdmin;

    @Override
    protected Option[] extraOptions() {
        // an invalid file present at cold start: reported, not fatal
        return new Option[] {editConfigurationFilePut("etc/dev.dx.config.cfg", "rescanMs", "5")};
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
        String shell = executeCommand("dxconfig:status");
        assertTrue(shell, shell.contains("REFUSED") && shell.contains("rescanMs"));
        assertTrue(log().contains("Refused etc/dev.dx.config.cfg"));
        assertTrue("the gateway runs", batchOf(3));
        write(etc("dev.dx.config.cfg"), "rescanMs = 500\n");
        await("the fixed file is applied", TIMEOUT_MS, () -> "ok".equals(configStatus().get("state").asText()));
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
        assertEquals("hello", configAdmin.getConfiguration("dev.dx.test.sample", "?").getProperties().get("plain"));
        Files.delete(f);
        await("the configuration is deleted with its file", TIMEOUT_MS,
                () -> configAdmin.listConfigurations("(service.pid=dev.dx.test.sample)") == null);
        assertNull(call("config.get", null).get("result").get("configurations").get("dev.dx.test.sample"));
    }
}
