package dev.dx.plugin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dx.api.plugin.PluginException;
import dev.dx.api.tool.Tool;
import dev.dx.api.tool.ToolInvocation;
import dev.dx.api.tool.ToolName;
import dev.dx.plugin.internal.kv.KvStore;
import dev.dx.plugin.nativelib.internal.NativeRuntime;
import dev.dx.plugin.script.internal.ScriptRuntime;
import dev.dx.testsupport.component.Await;

/** The host with the real native and script runtimes: signed packages, services, grants, unloading, runtime restarts. */
class NativeAndScriptPluginsTest {
    private static final String TOOLS = ",\"tools\":[{\"name\":\"echo\"}],\"methods\":[{\"name\":\"version\"},"
            + "{\"name\":\"sleep\"},{\"name\":\"pid\"},{\"name\":\"put\"},{\"name\":\"get\"}]";

    @TempDir
    java.nio.file.Path dir;

    private Fixtures fx;
    private KvStore kv;
    private Lifecycle host;
    private final NativeRuntime nativeLib = Runtimes.nativeLib();
    private final ScriptRuntime script = Runtimes.script();

    @BeforeEach
    void setUp() throws Exception {
        fx = new Fixtures(dir);
        kv = fx.kv();
        host = fx.lifecycle(kv, Fixtures.settings());
        host.runtimeAdded("native", nativeLib);
        host.runtimeAdded("script", script);
    }

    @AfterEach
    void tearDown() {
        host.stopAll();
        Runtimes.deactivate(nativeLib);
        Runtimes.deactivate(script);
        kv.close();
    }

    private Tool tool(String name) {
        return fx.registrar.find(Tool.class, ToolName.PROPERTY, name);
    }

    private static ToolInvocation call(Map<String, Object> args) {
        return new ToolInvocation("c1", "main", "s1", "r1", null, args);
    }

    private static Grant grant(boolean kv, long callTimeoutMs) {
        return new Grant(true, List.of(), List.of(), List.of(), kv, false, callTimeoutMs, 16);
    }

    @Test
    void aNativePluginPastItsDeadlineIsUnloadedAndStoppedUntilEnabledAgain() throws Exception {
        host.install(fx.dxp("nat.dxp", Fixtures.manifest("nat", "1.0.0", "native", "plugin.so", TOOLS), "plugin.so",
                Fixtures.resource("/native/echo.so")));
        assertEquals("native echo", tool("echo").invoke(call(Map.of("text", "hi"))).content());
        host.grantChanged("nat", grant(false, 300));
        PluginEntry e = host.entry("nat");
        java.nio.file.Path release = dir.resolve("release");
        PluginException late = assertThrows(PluginException.class, () -> e.call("method:block",
                "{\"params\":{\"until\":\"" + release + "\"}}", s -> s));
        java.nio.file.Files.createFile(release); // lets the abandoned call return from the library
        assertEquals(PluginException.Code.TIMEOUT, late.code());
        assertEquals(PluginEntry.State.DISABLED, e.state, "stopped at the first missed deadline, not the fifth");
        assertTrue(e.problem.contains("unloaded by its runtime"), e.problem);
        assertNull(tool("echo"), "its services are gone");
        host.setEnabled("nat", true);
        assertEquals(PluginEntry.State.ACTIVE, e.state);
        assertEquals("{\"result\":\"native ver=1\"}", e.call("method:version", "{}", s -> s));
    }

    @Test
    void aScriptPluginAnswersThroughTheHostAndStopsAndStartsWithItsRuntime() throws Exception {
        host.install(fx.dxp("js.dxp", Fixtures.manifest("js", "1.0.0", "script", "plugin.js", TOOLS
                + ",\"permissions\":{\"kv\":true}"), "plugin.js", Fixtures.resource("/js/probe.js")));
        PluginEntry e = host.entry("js");
        assertEquals(PluginEntry.State.DENIED, e.state);
        host.grantChanged("js", grant(true, 0));
        assertEquals("script echo", tool("echo").invoke(call(Map.of("text", "hi"))).content());
        assertEquals("{\"result\":{\"stored\":true}}", e.call("method:put", "{\"params\":{\"n\":7}}", s -> s));
        assertEquals("{\"n\":7}", new String(kv.get("js", "state"), java.nio.charset.StandardCharsets.UTF_8),
                "kept in DX's database");
        long pid = Long.parseLong(e.call("method:pid", "{}", s -> s.replaceAll("\\D", "")));

        host.runtimeRemoved("script", script);
        assertEquals(PluginEntry.State.WAITING, e.state);
        Await.until("the plugin's process to end with its runtime", Duration.ofSeconds(20),
                () -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
        ScriptRuntime again = Runtimes.script();
        try {
            host.runtimeAdded("script", again);
            assertEquals(PluginEntry.State.ACTIVE, e.state);
            assertNotEquals(pid, Long.parseLong(e.call("method:pid", "{}", s -> s.replaceAll("\\D", ""))));
            assertEquals("{\"result\":{\"n\":7}}", e.call("method:get", "{}", s -> s));
        } finally {
            host.stopAll();
            Runtimes.deactivate(again);
        }
    }
}
