package dev.dx.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.Option;

import com.fasterxml.jackson.databind.JsonNode;

import dev.dx.api.hook.Hook;
import dev.dx.api.hook.HookVerdict;
import dev.dx.api.tool.Tool;
import dev.dx.api.tool.ToolResult;
import dev.dx.itests.support.OneLineHttpServer;
import dev.dx.itests.support.PluginFiles;
import dev.dx.testsupport.fakemodel.FakeModelServer;
import dev.dx.testsupport.fakemodel.Reply;

/**
 * Real signed WASM plugins dropped into the container's deploy/ folder: services, grants, limits, refusals, hot
 * replacement and removal, with the gateway answering throughout.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class PluginsIT extends PluginTestSupport {
    private static final String ECHO = ",\"tools\":[{\"name\":\"echo\",\"description\":\"Echoes\"},{\"name\":\"add\"}],"
            + "\"methods\":[{\"name\":\"echo\",\"scope\":\"read\"}],\"hooks\":[\"tool.before\"]";
    private static final String PING = "{\"name\":\"ping\",\"scope\":\"read\"}";

    @Override
    protected Option[] extraOptions() {
        // the http plugin talks to a server of this test on loopback, which SafeHttp blocks unless allowed
        return new Option[] {editConfigurationFilePut("etc/dev.dx.tools.fetch.cfg", "allowedNetworks", "127.0.0.1/32"),
                testSupportBundle()};
    }

    private static byte[] wasm(String name) throws Exception {
        return built("wasm/" + name + ".wasm");
    }

    private static Path wasmDir() {
        return Paths.get(System.getProperty("dx.test.build"), "wasm");
    }

    @Test
    public void a_aDeployedPluginsToolMethodAndHookWork() throws Exception {
        PluginFiles.drop(signed("echo", "1.0.0", ECHO, wasm("echo"), key()), deploy(), "echo.dxp");
        Tool tool = waitForService(Tool.class, "(dx.tool.name=echo)", TIMEOUT_MS);
        ToolResult r = tool.invoke(invocation(Map.of("text", "hi")));
        assertEquals("echo ver=1", r.content());
        assertEquals(Map.of("text", "hi"), r.details().get("arguments"));
        assertEquals("42", waitForService(Tool.class, "(dx.tool.name=add)", TIMEOUT_MS)
                .invoke(invocation(Map.of("a", 40, "b", 2))).content());

        JsonNode catalog = call("tools.catalog", Map.of()).get("result").get("tools");
        assertTrue(catalog.toString(), catalog.toString().contains("\"name\":\"echo\""));
        JsonNode echoed = call("plugin.echo.echo", Map.of("x", 1));
        assertEquals(echoed.toString(), 1, echoed.get("result").get("params").get("x").asInt());

        Hook hook = waitForService(Hook.class, "(dx.plugin.id=echo)", TIMEOUT_MS);
        HookVerdict veto = hook.handle(Hook.TOOL_BEFORE, Map.of("tool", "forbidden", "arguments", Map.of()));
        assertTrue(veto.veto());
        assertFalse(hook.handle(Hook.TOOL_BEFORE, Map.of("tool", "read", "arguments", Map.of())).veto());

        JsonNode listed = awaitPlugin("echo", "active", "1.0.0");
        assertEquals("ok", listed.get("health").asText());
        String shell = executeCommand("plugin:list");
        assertTrue(shell, shell.contains("echo") && shell.contains("active"));
        String info = executeCommand("plugin:info echo");
        assertTrue(info, info.contains("signedBy") && info.contains("plugin.echo.echo"));
        String invoked = executeCommand("plugin:invoke echo tool:add '{\"arguments\":{\"a\":1,\"b\":2}}'");
        assertTrue(invoked, invoked.contains("{\"content\":\"3\"}"));
        JsonNode status = call("status", null).get("result");
        assertTrue(status.toString(), status.toString().contains("\"plugins\""));
    }

    @Test
    public void aa_anAgentTurnCallsThePluginsTool() throws Exception {
        FakeModelServer model = FakeModelServer.start();
        try {
            writeFile(etc("dev.dx.provider-fake.cfg"), "type = anthropic\nbaseUrl = " + model.baseUrl()
                    + "\napiKey = test-key\nmodels = fake-model\nmaxRetries = 0\n");
            writeFile(etc("dev.dx.agent-plug.cfg"), "model = fake/fake-model\n");
            await("the fake provider's model", TIMEOUT_MS, () -> call("models.list", null).get("result").toString()
                    .contains("fake/fake-model"));
            model.enqueue(Reply.ofToolCall("call_p", "echo", "{\"text\":\"hi\"}"), Reply.ofText("It said hi."));
            String runId = call("chat.send", Map.of("sessionKey", "agent:plug:main", "message", "Echo hi."))
                    .get("result").get("runId").asText();
            JsonNode done = call("agent.wait", Map.of("runId", runId, "timeoutMs", 30_000)).get("result");
            assertEquals(done.toString(), "It said hi.", done.get("text").asText());
            assertTrue("the plugin's tool is offered to the model", model.requests().get(0).body()
                    .contains("\"echo\""));
            JsonNode history = call("chat.history", Map.of("sessionKey", "agent:plug:main")).get("result")
                    .get("messages");
            JsonNode result = history.get(2);
            assertEquals(history.toString(), "TOOL_RESULT", result.get("role").asText());
            assertEquals(result.toString(), "echo ver=1", result.get("text").asText());
            assertFalse(result.toString(), result.get("toolCall").get("error").asBoolean());
        } finally {
            model.close();
        }
    }

    @Test
    public void b_keyValueDataSurvivesARestartOfTheHost() throws Exception {
        String rest = ",\"methods\":[{\"name\":\"put\",\"scope\":\"write\"},{\"name\":\"get\",\"scope\":\"read\"}],"
                + "\"permissions\":{\"kv\":true}";
        PluginFiles.drop(signed("kv-store", "1.0.0", rest, wasm("kv"), key()), deploy(), "kv-store.dxp");
        JsonNode denied = awaitPlugin("kv-store", "denied", null);
        assertTrue(denied.toString(), denied.get("problem").asText().contains("plugin:grant kv-store kv"));
        String granted = executeCommand("plugin:grant kv-store kv");
        assertTrue(granted, granted.contains("is active"));
        JsonNode stored = call("plugin.kv-store.put", Map.of("n", 7));
        assertTrue(stored.toString(), stored.get("result").get("stored").asBoolean());

        String restarted = executeCommand("bundle:restart dev.dx.plugin");
        assertFalse(restarted, restarted.contains("Error"));
        JsonNode got = await("kv-store to answer again after the restart", TIMEOUT_MS, () -> {
            JsonNode r = call("plugin.kv-store.get", Map.of());
            return r.has("result") ? r : null;
        });
        assertEquals(got.toString(), 7, got.get("result").get("params").get("n").asInt());

        // uninstalling keeps the data for a later install of the same id; --purge deletes it
        String kept = executeCommand("plugin:uninstall kv-store");
        assertTrue(kept, kept.contains("Uninstalled kv-store") && !kept.contains("deleted"));
        assertNull(plugin("kv-store"));
        PluginFiles.drop(signed("kv-store", "1.0.0", rest, wasm("kv"), key()), deploy(), "kv-store.dxp");
        awaitPlugin("kv-store", "active", "1.0.0");
        assertEquals(7, call("plugin.kv-store.get", Map.of()).get("result").get("params").get("n").asInt());
        String purged = executeCommand("plugin:uninstall --purge kv-store");
        assertTrue(purged, purged.contains("Uninstalled kv-store and deleted its data"));
        PluginFiles.drop(signed("kv-store", "1.0.0", rest, wasm("kv"), key()), deploy(), "kv-store.dxp");
        awaitPlugin("kv-store", "active", "1.0.0");
        JsonNode empty = call("plugin.kv-store.get", Map.of());
        assertTrue(empty.toString(), empty.has("result") && empty.get("result").isNull());
    }

    @Test
    public void c_anEndlessLoopIsStoppedAtItsDeadlineWhileAnotherPluginAnswers() throws Exception {
        PluginFiles.drop(signed("spin", "1.0.0", ",\"methods\":[{\"name\":\"spin\",\"scope\":\"read\"}," + PING + "]",
                wasm("loop"), key()), deploy(), "spin.dxp");
        awaitPlugin("spin", "active", "1.0.0");
        String granted = executeCommand("plugin:grant spin callTimeoutMs=1000");
        assertTrue(granted, granted.contains("is active"));
        Tool echo = waitForService(Tool.class, "(dx.tool.name=echo)", TIMEOUT_MS);
        ExecutorService client = Executors.newSingleThreadExecutor();
        try {
            long start = System.nanoTime();
            Future<JsonNode> spinning = client.submit(() -> call("plugin.spin.spin", Map.of()));
            int answered = 0;
            while (!spinning.isDone()) {
                assertEquals("echo ver=1", echo.invoke(invocation(Map.of())).content());
                answered++;
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            JsonNode r = spinning.get();
            assertEquals(r.toString(), "TIMEOUT", r.get("error").get("data").get("code").asText());
            assertTrue("stopped after " + ms + " ms", ms >= 1000 && ms < 30_000);
            assertTrue("the echo plugin answered meanwhile", answered > 0);
        } finally {
            client.shutdownNow();
        }
        assertEquals("pong", call("plugin.spin.ping", Map.of()).get("result").asText());
    }

    @Test
    public void d_memoryGrowthPastTheCapIsRefused() throws Exception {
        PluginFiles.drop(signed("grow", "1.0.0", ",\"methods\":[{\"name\":\"grow\",\"scope\":\"read\"}," + PING + "]",
                wasm("grow"), key()), deploy(), "grow.dxp");
        awaitPlugin("grow", "active", "1.0.0");
        executeCommand("plugin:grant grow memoryMb=1");
        JsonNode r = await("grow restarted with 1 MiB", TIMEOUT_MS, () -> {
            JsonNode x = call("plugin.grow.grow", Map.of());
            return x.path("result").path("refusedAtPages").asInt() == 16 ? x : null;
        });
        assertEquals(16, r.get("result").get("refusedAtPages").asInt());
        assertEquals("pong", call("plugin.grow.ping", Map.of()).get("result").asText());
    }

    @Test
    public void e_unsignedForeignTamperedAndSwappedPackagesAreRefused() throws Exception {
        Path key = key();
        String rest = ",\"methods\":[{\"name\":\"version\",\"scope\":\"read\"}]";
        Path unsigned = PluginFiles.folder(work(), "unsigned", "1.0.0", rest, wasm("echo"));
        PluginFiles.drop(PluginFiles.zip(unsigned, work().resolve("unsigned.dxp")), deploy(), "unsigned.dxp");

        String strangerOut = executeCommand("plugin:keygen " + work().resolve("stranger"));
        assertTrue(strangerOut, strangerOut.contains("written"));
        PluginFiles.drop(signed("foreign", "1.0.0", rest, wasm("echo"), work().resolve("stranger.key")), deploy(),
                "foreign.dxp");

        Path flipped = PluginFiles.folder(work(), "flipped", "1.0.0", rest, wasm("echo"));
        executeCommand("plugin:sign " + key + " " + flipped);
        PluginFiles.flip(flipped.resolve("plugin.wasm"), 100);
        PluginFiles.drop(PluginFiles.zip(flipped, work().resolve("flipped.dxp")), deploy(), "flipped.dxp");

        assertTrue(awaitPlugin("unsigned.dxp", "refused", null).get("problem").asText().contains("not signed"));
        assertTrue(awaitPlugin("foreign.dxp", "refused", null).get("problem").asText().contains("not trusted"));
        assertTrue(awaitPlugin("flipped.dxp", "refused", null).get("problem").asText()
                .contains("plugin.wasm was changed after signing"));

        // swapped after verification: the good package is running, then its file is replaced by one whose module
        // differs from what the (copied) signature covers
        PluginFiles.drop(signed("swap", "1.0.0", rest, wasm("echo"), key), deploy(), "swap.dxp");
        awaitPlugin("swap", "active", "1.0.0");
        Path swapped = PluginFiles.folder(work(), "swap", "1.0.0", rest, wasm("echo"));
        executeCommand("plugin:sign " + key + " " + swapped);
        Files.write(swapped.resolve("plugin.wasm"), PluginFiles.echo(wasmDir(), 2));
        PluginFiles.drop(PluginFiles.zip(swapped, work().resolve("swapped.dxp")), deploy(), "swap.dxp");
        JsonNode swap = await("the swapped package refused", TIMEOUT_MS, () -> {
            JsonNode p = plugin("swap");
            return p != null && p.path("problem").asText().contains("changed after signing") ? p : null;
        });
        assertEquals("active", swap.get("state").asText());
        assertEquals("echo ver=1", call("plugin.swap.version", Map.of()).get("result").asText());
        String verify = executeCommand("plugin:verify " + work().resolve("swapped.dxp"));
        assertTrue(verify, verify.contains("REFUSED") && verify.contains("plugin.wasm was changed after signing"));

        assertTrue(call("health", null).has("result"));
        assertTrue(call("status", null).get("result").get("plugins").get("problems").toString().contains("not signed"));
    }

    @Test
    public void f_hotReplacementWhileAClientCallsLosesNoCall() throws Exception {
        Path key = key();
        String rest = ",\"methods\":[{\"name\":\"version\",\"scope\":\"read\"}]";
        PluginFiles.drop(signed("hot", "1.0.0", rest, PluginFiles.echo(wasmDir(), 1), key), deploy(), "hot.dxp");
        awaitPlugin("hot", "active", "1.0.0");
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService client = Executors.newSingleThreadExecutor();
        try {
            Future<List<String>> answers = client.submit(() -> {
                List<String> out = new ArrayList<>();
                while (!stop.get()) {
                    JsonNode r = call("plugin.hot.version", Map.of());
                    out.add(r.has("result") ? r.get("result").asText() : "ERROR " + r.get("error"));
                }
                return out;
            });
            for (int v = 2; v <= 4; v++) {
                PluginFiles.drop(signed("hot", v + ".0.0", rest, PluginFiles.echo(wasmDir(), v), key), deploy(),
                        "hot.dxp");
                awaitPlugin("hot", "active", v + ".0.0");
            }
            await("the client to see version 4", TIMEOUT_MS, () -> call("plugin.hot.version", Map.of())
                    .path("result").asText().equals("echo ver=4"));
            stop.set(true);
            List<String> seen = answers.get();
            assertTrue(seen.size() + " answers", seen.size() > 10);
            for (String a : seen) {
                assertTrue("every call answered by some version: " + a, a.matches("echo ver=[1-4]"));
            }
            assertTrue(seen.toString(), seen.contains("echo ver=4") || seen.contains("echo ver=3"));
        } finally {
            stop.set(true);
            client.shutdownNow();
        }
    }

    @Test
    public void g_aPluginReachesOnlyTheHostsItWasGranted() throws Exception {
        try (OneLineHttpServer server = new OneLineHttpServer("hello from the test server")) {
            String url = "http://127.0.0.1:" + server.port() + "/hello";
            PluginFiles.drop(signed("fetcher", "1.0.0", ",\"methods\":[{\"name\":\"fetch\",\"scope\":\"read\"}],"
                    + "\"permissions\":{\"network\":{\"hosts\":[\"127.0.0.1\"]}}", wasm("http"), key()), deploy(),
                    "fetcher.dxp");
            awaitPlugin("fetcher", "denied", null);
            executeCommand("plugin:grant fetcher requested");
            awaitPlugin("fetcher", "active", "1.0.0");
            JsonNode ok = call("plugin.fetcher.fetch", Map.of("url", url)).get("result");
            assertEquals(ok.toString(), 200, ok.get("status").asInt());
            assertEquals("hello from the test server", ok.get("body").asText());
            JsonNode denied = call("plugin.fetcher.fetch", Map.of("url", "http://localhost:1/")).get("result");
            assertEquals(denied.toString(), "DENIED", denied.get("error").get("code").asText());
        }
    }

    @Test
    public void h_whenTheRuntimeStopsItsPluginsStopAndComeBackWithIt() throws Exception {
        waitForService(Tool.class, "(dx.tool.name=echo)", TIMEOUT_MS);
        String stopped = executeCommand("bundle:stop dev.dx.plugin.wasm");
        assertFalse(stopped, stopped.contains("Error"));
        JsonNode waiting = awaitPlugin("echo", "waiting", null);
        assertTrue(waiting.toString(), waiting.get("problem").asText().contains("feature:install dx-plugin-wasm"));
        assertTrue(bundleContext.getServiceReferences(Tool.class, "(dx.tool.name=echo)").isEmpty());
        assertEquals("its method is gone with it", "METHOD_NOT_FOUND", call("plugin.echo.echo", Map.of())
                .path("error").path("data").path("code").asText());
        assertTrue("the gateway keeps running", call("health", null).has("result"));
        executeCommand("bundle:start dev.dx.plugin.wasm");
        awaitPlugin("echo", "active", "1.0.0");
        assertEquals("echo ver=1", waitForService(Tool.class, "(dx.tool.name=echo)", TIMEOUT_MS)
                .invoke(invocation(Map.of())).content());
    }

    @Test
    public void i_installToFirstCallFromDeploy() throws Exception {
        Path key = key();
        List<Long> ms = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Path dxp = signed("timed" + i, "1.0.0", ",\"methods\":[{\"name\":\"version\",\"scope\":\"read\"}]",
                    wasm("echo"), key);
            String method = "plugin.timed" + i + ".version";
            long t0 = System.nanoTime();
            PluginFiles.drop(dxp, deploy(), "timed" + i + ".dxp");
            await(method + " to answer", TIMEOUT_MS, () -> call(method, Map.of()).path("result").asText()
                    .equals("echo ver=1"));
            ms.add((System.nanoTime() - t0) / 1_000_000);
        }
        List<Long> sorted = new ArrayList<>(ms);
        sorted.sort(null);
        String line = "deploy/ to first answered RPC call (FileInstall poll 100 ms, verify, compile, register, call over "
                + "HTTP): " + ms
                + " ms, median " + sorted.get(2) + " ms";
        Files.writeString(Paths.get(System.getProperty("dx.test.build"), "benchmark-plugins-it.txt"), line + "\n");
        assertTrue(line, sorted.get(2) < TIMEOUT_MS);
    }

    @Test
    public void j_installEnableAndUninstallOverRpcAndShell() throws Exception {
        String rest = ",\"methods\":[{\"name\":\"version\",\"scope\":\"read\"}]";
        byte[] good = Files.readAllBytes(signed("uploaded", "1.0.0", rest, wasm("echo"), key()));
        JsonNode installed = call("plugins.install", Map.of("dxp", Base64.getEncoder().encodeToString(good)));
        assertEquals(installed.toString(), "active", installed.get("result").get("state").asText());
        assertTrue(Files.exists(deploy().resolve("uploaded.dxp")));
        assertEquals("echo ver=1", call("plugin.uploaded.version", Map.of()).get("result").asText());

        Path unsignedFolder = PluginFiles.folder(work(), "upload-unsigned", "1.0.0", rest, wasm("echo"));
        byte[] unsigned = Files.readAllBytes(PluginFiles.zip(unsignedFolder, work().resolve("upload-unsigned.dxp")));
        JsonNode refused = call("plugins.install", Map.of("dxp", Base64.getEncoder().encodeToString(unsigned)));
        assertEquals(refused.toString(), "INVALID_PARAMS", refused.get("error").get("data").get("code").asText());
        assertTrue(refused.toString(), refused.get("error").get("message").asText().contains("not signed"));
        assertFalse("a refused upload is not placed into deploy/", Files.exists(deploy().resolve("upload-unsigned.dxp")));

        JsonNode off = call("plugins.setEnabled", Map.of("id", "uploaded", "enabled", false)).get("result");
        assertEquals(off.toString(), "disabled", off.get("state").asText());
        assertEquals("METHOD_NOT_FOUND", call("plugin.uploaded.version", Map.of()).get("error").get("data")
                .get("code").asText());
        Path cfg = Paths.get(System.getProperty("karaf.etc"), "dev.dx.plugin-uploaded.cfg");
        assertTrue(Files.readString(cfg).contains("enabled = false"));
        JsonNode on = call("plugins.setEnabled", Map.of("id", "uploaded", "enabled", true)).get("result");
        assertEquals(on.toString(), "active", on.get("state").asText());

        JsonNode gone = call("plugins.uninstall", Map.of("id", "uploaded"));
        assertTrue(gone.toString(), gone.get("result").get("uninstalled").asBoolean());
        assertFalse(Files.exists(deploy().resolve("uploaded.dxp")));
        assertEquals("NOT_FOUND", call("plugins.uninstall", Map.of("id", "uploaded")).get("error").get("data")
                .get("code").asText());

        Path folder = PluginFiles.folder(work(), "from-shell", "1.0.0", rest, wasm("echo"));
        executeCommand("plugin:sign " + key() + " " + folder);
        String out = executeCommand("plugin:install " + folder);
        assertTrue(out, out.contains("Installed from-shell 1.0.0") && out.contains("active"));
        assertEquals("echo ver=1", call("plugin.from-shell.version", Map.of()).get("result").asText());
        String uninstalled = executeCommand("plugin:uninstall from-shell");
        assertTrue(uninstalled, uninstalled.contains("Uninstalled from-shell"));
    }

    @Test
    public void k_deletingThePackageUninstallsThePlugin() throws Exception {
        waitForService(Tool.class, "(dx.tool.name=echo)", TIMEOUT_MS);
        Files.delete(deploy().resolve("echo.dxp"));
        await("the echo tool to go away", TIMEOUT_MS,
                () -> bundleContext.getServiceReferences(Tool.class, "(dx.tool.name=echo)").isEmpty());
        assertNull(plugin("echo"));
        assertEquals("METHOD_NOT_FOUND", call("plugin.echo.echo", Map.of()).get("error").get("data").get("code")
                .asText());
        assertTrue(call("health", null).has("result"));
    }
}
