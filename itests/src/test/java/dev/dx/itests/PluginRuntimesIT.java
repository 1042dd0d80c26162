package dev.dx.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.Option;

import com.fasterxml.jackson.databind.JsonNode;

import dev.dx.api.tool.Tool;
import dev.dx.itests.support.OneLineHttpServer;
import dev.dx.itests.support.PluginFiles;

/**
 * Real signed native (gcc-built) and script (Node.js) plugins dropped into the distribution's deploy/ folder: tool
 * calls and plugin:invoke, a native call past its deadline, the script sandbox's denials and their allowed twins,
 * runtime restarts that leave no process or thread behind, and install-to-first-call times. One container.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class PluginRuntimesIT extends PluginTestSupport {
    private static final String METHODS = ",\"tools\":[{\"name\":\"%s\"}],\"methods\":[" + String.join(",",
            m("version"), m("sleep"), m("pid"), m("read"), m("readOwn"), m("spawn"), m("socket"), m("fetch")) + "]";

    private static String m(String name) {
        return "{\"name\":\"" + name + "\",\"scope\":\"read\"}";
    }

    @Override
    protected Option[] extraOptions() {
        // the script plugin fetches from a server of this test on loopback, which SafeHttp blocks unless allowed
        return new Option[] {editConfigurationFilePut("etc/dev.dx.tools.fetch.cfg", "allowedNetworks", "127.0.0.1/32")};
    }

    private Path nativePlugin(String id, String tool) throws Exception {
        return sign(PluginFiles.folder(work(), id, "1.0.0", "native", String.format(METHODS, tool),
                Map.of("plugin.so", built("native/echo.so"))), key());
    }

    private Path scriptPlugin(String id, String tool, String permissions) throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("plugin.js", built("js/probe.js"));
        files.put("data.txt", built("js/data.txt"));
        return sign(PluginFiles.folder(work(), id, "1.0.0", "script", String.format(METHODS, tool) + permissions,
                files), key());
    }

    private JsonNode error(String method, Map<String, Object> params) throws Exception {
        JsonNode r = call(method, params);
        assertTrue(r.toString(), r.has("error"));
        return r.get("error");
    }

    /** Asserts the plugin's call was refused by its sandbox (the host reports it as "failed (DENIED)"). */
    private void denied(String method, Map<String, Object> params) throws Exception {
        JsonNode e = error(method, params);
        assertTrue(method + " " + params + ": " + e, e.get("message").asText().contains("failed (DENIED)"));
    }

    private static List<ProcessHandle> nodeProcesses() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("/node")).orElse(false)).toList();
    }

    private static boolean nativeCallThreads() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.isAlive()
                && t.getName().startsWith("dx-native-call-"));
    }

    @Test
    public void a_aSignedNativePluginAnswersToolCallsAndPluginInvoke() throws Exception {
        PluginFiles.drop(nativePlugin("nat", "native_echo"), deploy(), "nat.dxp");
        Tool tool = waitForService(Tool.class, "(dx.tool.name=native_echo)", TIMEOUT_MS);
        assertEquals("native echo", tool.invoke(invocation(Map.of("text", "hi"))).content());
        assertEquals("native ver=1", call("plugin.nat.version", Map.of()).get("result").asText());
        String invoked = executeCommand("plugin:invoke nat tool:add '{\"arguments\":{\"a\":1,\"b\":2}}'");
        assertTrue(invoked, invoked.contains("{\"content\":\"3\"}"));
        String info = executeCommand("plugin:info nat");
        assertTrue(info, info.contains("native"));
    }

    @Test
    public void b_aNativeCallPastItsDeadlineUnloadsThePluginWhileOthersAnswer() throws Exception {
        PluginFiles.drop(nativePlugin("nat-slow", "native_slow"), deploy(), "nat-slow.dxp");
        awaitPlugin("nat-slow", "active", "1.0.0");
        String granted = executeCommand("plugin:grant nat-slow callTimeoutMs=500");
        assertTrue(granted, granted.contains("is active"));
        // the library stays stuck until this file exists, so an answer at all came at the deadline
        Path release = work().resolve("release-nat-slow");
        String late = executeCommand("plugin:invoke nat-slow method:block '{\"params\":{\"until\":\"" + release
                + "\"}}'");
        assertTrue(late, late.contains("TIMEOUT") && late.contains("the plugin was unloaded"));
        JsonNode stopped = awaitPlugin("nat-slow", "disabled", null);
        assertTrue(stopped.toString(), stopped.get("problem").asText().contains("unloaded by its runtime"));
        assertEquals("native ver=1", call("plugin.nat.version", Map.of()).get("result").asText());
        assertTrue(executeCommand("plugin:info nat").contains("stuckCallsInRuntime=1"));
        Files.createFile(release);
        await("the stuck native call to return", TIMEOUT_MS, () -> executeCommand("plugin:info nat")
                .contains("stuckCallsInRuntime=0"));
        JsonNode on = call("plugins.setEnabled", Map.of("id", "nat-slow", "enabled", true)).get("result");
        assertEquals(on.toString(), "active", on.get("state").asText());
        assertEquals("native ver=1", call("plugin.nat-slow.version", Map.of()).get("result").asText());
    }

    @Test
    public void c_aSignedScriptPluginAnswersToolCallsAndPluginInvoke() throws Exception {
        PluginFiles.drop(scriptPlugin("js", "script_echo", ",\"permissions\":{\"network\":{\"hosts\":[\"127.0.0.1\"]}}"),
                deploy(), "js.dxp");
        awaitPlugin("js", "denied", null);
        String granted = executeCommand("plugin:grant js requested");
        assertTrue(granted, granted.contains("is active"));
        Tool tool = waitForService(Tool.class, "(dx.tool.name=script_echo)", TIMEOUT_MS);
        assertEquals("script echo", tool.invoke(invocation(Map.of("text", "hi"))).content());
        String invoked = executeCommand("plugin:invoke js method:version");
        assertTrue(invoked, invoked.contains("script ver=1"));
        assertEquals(1, nodeProcesses().size());
    }

    @Test
    public void d_aScriptPluginCannotReadOutsideItsFolderSpawnOrOpenASocket() throws Exception {
        denied("plugin.js.read", Map.of("path", "/etc/passwd"));
        assertEquals("the plugin's own data", call("plugin.js.readOwn", Map.of()).get("result").asText());

        denied("plugin.js.spawn", Map.of());
        assertEquals("the plugin's own process, and no other", 1, nodeProcesses().size());

        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                OneLineHttpServer web = new OneLineHttpServer("hello from the test server")) {
            for (String how : List.of("net", "http", "socket-class", "udp", "dns")) {
                denied("plugin.js.socket", Map.of("how", how, "port", server.getLocalPort()));
                // five refusals in a row would disable the plugin: answer in between, as a well-behaved one does
                assertEquals("script ver=1", call("plugin.js.version", Map.of()).get("result").asText());
            }
            server.setSoTimeout(200);
            try {
                server.accept();
                throw new AssertionError("a script plugin connected to a socket");
            } catch (SocketTimeoutException expected) {
                // nothing connected
            }
            // the allowed way: HTTP through the host, to a granted host
            JsonNode fetched = call("plugin.js.fetch", Map.of("url", "http://127.0.0.1:" + web.port() + "/"))
                    .get("result");
            assertEquals(fetched.toString(), 200, fetched.get("status").asInt());
            assertEquals("hello from the test server", fetched.get("body").asText());
            JsonNode elsewhere = call("plugin.js.fetch", Map.of("url", "http://localhost:" + web.port() + "/"))
                    .get("result");
            assertEquals(elsewhere.toString(), "DENIED", elsewhere.get("error").get("code").asText());
        }
        assertTrue("the gateway keeps running", call("health", null).has("result"));
    }

    @Test
    public void e_restartingARuntimeStopsItsPluginsCleanlyAndTheyComeBack() throws Exception {
        long pid = call("plugin.js.pid", Map.of()).get("result").asLong();
        String stopped = executeCommand("bundle:stop dev.dx.plugin.script");
        assertFalse(stopped, stopped.contains("Error"));
        awaitPlugin("js", "waiting", null);
        await("no node process left", TIMEOUT_MS, () -> nodeProcesses().isEmpty());
        executeCommand("bundle:start dev.dx.plugin.script");
        awaitPlugin("js", "active", "1.0.0");
        assertNotEquals(pid, call("plugin.js.pid", Map.of()).get("result").asLong());

        String nat = executeCommand("bundle:restart dev.dx.plugin.nativelib");
        assertFalse(nat, nat.contains("Error"));
        awaitPlugin("nat", "active", "1.0.0");
        assertEquals("native ver=1", await("nat to answer again", TIMEOUT_MS, () -> call("plugin.nat.version",
                Map.of()).path("result").asText(null)));
        executeCommand("bundle:stop dev.dx.plugin.nativelib");
        awaitPlugin("nat", "waiting", null);
        await("no native call thread left", TIMEOUT_MS, () -> !nativeCallThreads());
        executeCommand("bundle:start dev.dx.plugin.nativelib");
        awaitPlugin("nat", "active", "1.0.0");
    }

    @Test
    public void f_installToFirstCallFromDeploy() throws Exception {
        List<String> lines = new ArrayList<>();
        for (String type : List.of("native", "script")) {
            List<Long> ms = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                String id = type + "-timed" + i;
                Path dxp = type.equals("native") ? nativePlugin(id, type + "_timed" + i)
                        : scriptPlugin(id, type + "_timed" + i, "");
                String method = "plugin." + id + ".version";
                long t0 = System.nanoTime();
                PluginFiles.drop(dxp, deploy(), id + ".dxp");
                await(method + " to answer", TIMEOUT_MS, () -> call(method, Map.of()).path("result").asText()
                        .endsWith("ver=1"));
                ms.add((System.nanoTime() - t0) / 1_000_000);
            }
            List<Long> sorted = new ArrayList<>(ms);
            sorted.sort(null);
            lines.add(type + ": deploy/ to first answered RPC call (FileInstall poll, verify, load, register, call "
                    + "over HTTP): " + ms + " ms, median " + sorted.get(2) + " ms");
        }
        Files.write(Paths.get(System.getProperty("dx.test.build"), "benchmark-plugin-runtimes-it.txt"), lines);
        assertEquals("js and the five timed script plugins, each its own process", 6, nodeProcesses().size());
    }
}
