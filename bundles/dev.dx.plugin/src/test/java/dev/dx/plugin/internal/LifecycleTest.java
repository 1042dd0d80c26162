package dev.dx.plugin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dx.api.hook.Hook;
import dev.dx.api.hook.HookVerdict;
import dev.dx.api.plugin.PluginException;
import dev.dx.api.rpc.Caller;
import dev.dx.api.rpc.RpcContext;
import dev.dx.api.rpc.RpcMethod;
import dev.dx.api.rpc.Scope;
import dev.dx.api.tool.Tool;
import dev.dx.api.tool.ToolInvocation;
import dev.dx.api.tool.ToolName;
import dev.dx.api.tool.ToolResult;
import dev.dx.plugin.internal.kv.KvStore;
import dev.dx.plugin.wasm.internal.WasmRuntime;

/** The host with the real WASM runtime and real signed packages: services, grants, hot reload, failures. */
class LifecycleTest {
    @TempDir
    Path dir;

    private Fixtures fx;
    private KvStore kv;
    private Lifecycle host;
    private final WasmRuntime wasm = new WasmRuntime();
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @BeforeEach
    void setUp() throws Exception {
        fx = new Fixtures(dir);
        kv = fx.kv();
        host = fx.lifecycle(kv, Fixtures.settings());
        host.runtimeAdded("wasm", wasm);
    }

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
        host.stopAll();
        kv.close();
    }

    private static ToolInvocation call(Map<String, Object> args) {
        return new ToolInvocation("c1", "main", "s1", "r1", null, args);
    }

    private Tool tool(String name) {
        return fx.registrar.find(Tool.class, ToolName.PROPERTY, name);
    }

    private static RpcContext rpc(Map<String, Object> params) {
        Caller caller = new Caller() {
            @Override
            public String connectionId() {
                return "t";
            }

            @Override
            public String transport() {
                return "http";
            }

            @Override
            public String client() {
                return "";
            }

            @Override
            public Set<Scope> scopes() {
                return Set.of(Scope.READ);
            }
        };
        return new RpcContext() {
            @Override
            public String method() {
                return "plugin.echo.echo";
            }

            @Override
            public Caller caller() {
                return caller;
            }

            @Override
            public <T> T params(Class<T> type) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Map<String, Object> params() {
                return params;
            }
        };
    }

    @Test
    void aPluginsToolsMethodsAndHooksBecomeServices() throws Exception {
        Path file = fx.dxp("echo.dxp", Fixtures.manifest("echo", "1.0.0", Fixtures.ECHO), Fixtures.wasm("echo"));
        PluginViews.Change c = host.install(file);
        assertEquals("active", c.state(), c.toString());
        ToolResult r = tool("echo").invoke(call(Map.of("text", "hi")));
        assertEquals("echo ver=1", r.content());
        assertEquals(Map.of("text", "hi"), r.details().get("arguments"));
        assertEquals("42", tool("add").invoke(call(Map.of("a", 40, "b", 2))).content());
        assertEquals("echo", tool("echo").spec().name());
        RpcMethod m = fx.registrar.find(RpcMethod.class, "dx.rpc.method", "plugin.echo.echo");
        assertEquals("READ", fx.registrar.reg(RpcMethod.class, "dx.rpc.method", "plugin.echo.echo").props.get("dx.rpc.scope"));
        @SuppressWarnings("unchecked")
        Map<String, Object> echoed = (Map<String, Object>) m.call(rpc(Map.of("x", 1)));
        assertEquals(Map.of("x", 1), echoed.get("params"));
        Hook hook = fx.registrar.find(Hook.class, "dx.plugin.id", "echo");
        assertEquals(List.of("tool.before"), List.of((String[]) fx.registrar.reg(Hook.class, "dx.plugin.id", "echo")
                .props.get(Hook.POINTS)));
        HookVerdict veto = hook.handle(Hook.TOOL_BEFORE, Map.of("tool", "forbidden", "arguments", Map.of()));
        assertTrue(veto.veto());
        assertTrue(veto.reason().contains("forbidden"), veto.reason());
        assertFalse(hook.handle(Hook.TOOL_BEFORE, Map.of("tool", "read")).veto());
        host.uninstall(file);
        assertEquals(0, fx.registrar.live.size(), "every service goes with the plugin");
        assertFalse(Files.exists(fx.data.resolve("echo")), "its private copy is gone");
    }

    @Test
    void aPluginAskingForMoreThanGrantedWaitsForTheGrant() throws Exception {
        Path file = fx.dxp("kv.dxp", Fixtures.manifest("kv-plugin", "1.0.0", ",\"methods\":[{\"name\":\"put\"},"
                + "{\"name\":\"get\"}],\"permissions\":{\"kv\":true}"), Fixtures.wasm("kv"));
        PluginViews.Change c = host.install(file);
        assertEquals("denied", c.state());
        assertTrue(c.problem().contains("plugin:grant kv-plugin kv"), c.problem());
        assertEquals(0, fx.registrar.live.size());
        host.grantChanged("kv-plugin", new Grant(true, List.of(), List.of(), List.of(), true, false, 0, 16));
        assertEquals(PluginEntry.State.ACTIVE, host.entry("kv-plugin").state);
        PluginEntry e = host.entry("kv-plugin");
        assertEquals("{\"result\":{\"stored\":true}}", e.call("method:put", "{\"params\":{\"n\":7}}", s -> s));

        // a restart of the host: the data is still there
        host.stopAll();
        kv.close();
        kv = fx.kv();
        host = fx.lifecycle(kv, Fixtures.settings());
        host.runtimeAdded("wasm", wasm);
        host.grantChanged("kv-plugin", new Grant(true, List.of(), List.of(), List.of(), true, false, 0, 16));
        host.install(file);
        assertEquals("{\"result\":{\"params\":{\"n\":7}}}", host.entry("kv-plugin").call("method:get", "{}", s -> s));
    }

    @Test
    void hotReplacementWhileCallsGoOnLosesNone() throws Exception {
        String manifest = Fixtures.manifest("echo", "1.0.0", Fixtures.ECHO);
        Path file = fx.dxp("echo.dxp", manifest, Fixtures.echoVersion(1));
        host.install(file);
        TestRegistrar.Reg before = fx.registrar.reg(Tool.class, ToolName.PROPERTY, "echo");
        AtomicBoolean sawV2 = new AtomicBoolean();
        Future<List<String>> caller = pool.submit(() -> {
            List<String> answers = new ArrayList<>();
            while (!sawV2.get() || answers.size() < 50) {
                ToolResult r = tool("echo").invoke(call(Map.of()));
                answers.add(r.error() ? "ERROR " + r.content() : r.content());
                if (r.content().equals("echo ver=2")) {
                    sawV2.set(true);
                }
            }
            return answers;
        });
        for (int v = 2; v <= 4 && !caller.isDone(); v++) {
            fx.dxp("echo.dxp", Fixtures.manifest("echo", v + ".0.0", Fixtures.ECHO), Fixtures.echoVersion(v == 2 ? 2 : 1));
            assertEquals("active", host.install(file).state());
        }
        fx.dxp("echo.dxp", Fixtures.manifest("echo", "9.0.0", Fixtures.ECHO), Fixtures.echoVersion(2));
        host.install(file);
        List<String> answers = caller.get();
        assertTrue(answers.stream().allMatch(a -> a.equals("echo ver=1") || a.equals("echo ver=2")), answers.toString());
        assertTrue(answers.contains("echo ver=2"));
        assertFalse(before.unregistered, "the tool stayed registered through every reload");
        assertEquals("9.0.0", host.entry("echo").pkg.manifest().version());
        try (var versions = Files.list(fx.data.resolve("echo"))) {
            assertTrue(versions.count() <= 2, "old private copies are pruned");
        }
    }

    @Test
    void aCallInProgressFinishesOnTheOldInstance() throws Exception {
        String manifest = Fixtures.manifest("spin", "1.0.0", ",\"methods\":[{\"name\":\"spin\"},{\"name\":\"ping\"}]");
        Path file = fx.dxp("spin.dxp", manifest, Fixtures.wasm("loop"));
        host.grantChanged("spin", new Grant(true, List.of(), List.of(), List.of(), false, false, 1500, 16));
        host.install(file);
        PluginEntry e = host.entry("spin");
        Future<PluginException> inFlight = pool.submit(() -> assertThrows(PluginException.class,
                () -> e.call("method:spin", "{}", s -> s)));
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (!started(e)) {
            assertTrue(System.nanoTime() < deadline && !inFlight.isDone(), "the call did not start");
            Thread.onSpinWait();
        }
        fx.dxp("spin.dxp", Fixtures.manifest("spin", "2.0.0", ",\"methods\":[{\"name\":\"spin\"},{\"name\":\"ping\"}]"),
                Fixtures.wasm("loop"));
        host.install(file);
        assertEquals("2.0.0", e.current.pkg.manifest().version());
        // the old instance was not closed under the call: it ran into its own deadline
        assertEquals(PluginException.Code.TIMEOUT, inFlight.get().code(), inFlight.get().getMessage());
        assertEquals("{\"result\":\"pong\"}", e.call("method:ping", "{}", s -> s));
    }

    private static boolean started(PluginEntry e) {
        Object calls = e.current.loaded.status().get("calls");
        return calls instanceof Long && (Long) calls > 0;
    }

    @Test
    void aRefusedUpdateLeavesTheRunningVersionServing() throws Exception {
        Path file = fx.dxp("echo.dxp", Fixtures.manifest("echo", "1.0.0", Fixtures.ECHO), Fixtures.echoVersion(1));
        host.install(file);
        fx.dxp("echo.dxp", Fixtures.manifest("echo", "2.0.0", Fixtures.ECHO), Fixtures.echoVersion(2), fx.key, b -> {
            byte[] t = b.clone();
            t[60] ^= 1; // inside the first entry's data
            return t;
        });
        PluginViews.Change c = host.install(file);
        assertEquals("active", c.state());
        assertEquals("degraded", c.health());
        assertTrue(c.problem().contains("was refused") && c.problem().contains("version 1.0.0 keeps running"),
                c.problem());
        assertEquals("echo ver=1", tool("echo").invoke(call(Map.of())).content());
    }

    @Test
    void swappingThePackageAfterVerificationChangesNothing() throws Exception {
        Path file = fx.dxp("echo.dxp", Fixtures.manifest("echo", "1.0.0", Fixtures.ECHO), Fixtures.echoVersion(1));
        host.install(file);
        Path privateCopy = host.entry("echo").pkg.folder();
        // the original is replaced by other code behind the host's back (no install call: FileInstall not told)
        fx.dxp("echo.dxp", Fixtures.manifest("echo", "1.0.0", Fixtures.ECHO), Fixtures.echoVersion(7), null, b -> b);
        assertEquals("echo ver=1", tool("echo").invoke(call(Map.of())).content());
        assertEquals(fx.key.publicKey().id(), dev.dx.plugin.internal.pkg.Verifier.verify(privateCopy,
                dev.dx.plugin.internal.pkg.TrustedKeys.load(fx.trust), dev.dx.plugin.internal.pkg.PackageLimits.DEFAULT)
                .keyId(), "the private copy still is exactly what was verified");
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(privateCopy)));
        // and when the host is told, the unsigned replacement is refused while version 1 keeps serving
        assertTrue(host.install(file).problem().contains("not signed"));
        assertEquals("echo ver=1", tool("echo").invoke(call(Map.of())).content());
    }

    @Test
    void refusedPackagesAreRecordedNotThrown() throws Exception {
        Path unsigned = fx.dxp("a.dxp", Fixtures.manifest("aa", "1.0.0", ""), Fixtures.wasm("echo"), null, b -> b);
        Path stranger = fx.dxp("b.dxp", Fixtures.manifest("bb", "1.0.0", ""), Fixtures.wasm("echo"),
                dev.dx.plugin.internal.pkg.Keys.generate("stranger"), b -> b);
        assertTrue(host.install(unsigned).problem().contains("not signed"));
        assertTrue(host.install(stranger).problem().contains("not trusted"));
        assertEquals(2, host.refused().size());
        assertTrue(host.entries().isEmpty());
        host.uninstall(unsigned);
        assertEquals(1, host.refused().size());
    }

    @Test
    void whenTheRuntimeGoesItsPluginsStopAndComeBackWithIt() throws Exception {
        host.install(fx.dxp("echo.dxp", Fixtures.manifest("echo", "1.0.0", Fixtures.ECHO), Fixtures.wasm("echo")));
        host.runtimeRemoved("wasm", wasm);
        PluginEntry e = host.entry("echo");
        assertEquals(PluginEntry.State.WAITING, e.state);
        assertTrue(e.problem.contains("feature:install dx-plugin-wasm"), e.problem);
        assertNull(tool("echo"));
        host.runtimeAdded("wasm", wasm);
        assertEquals(PluginEntry.State.ACTIVE, e.state);
        assertEquals("42", tool("add").invoke(call(Map.of("a", 40, "b", 2))).content());
    }

    @Test
    void aPluginFailingAgainAndAgainIsDisabledNeverTheHost() throws Exception {
        host = fx.lifecycle(kv, new HostSettings(java.time.Duration.ofSeconds(30), 3));
        host.runtimeAdded("wasm", wasm);
        host.install(fx.dxp("deep.dxp", Fixtures.manifest("deep", "1.0.0", ",\"tools\":[{\"name\":\"deep\"}]"),
                Fixtures.wasm("recurse")));
        Tool deep = tool("deep");
        for (int i = 0; i < 3; i++) {
            ToolResult r = deep.invoke(call(Map.of()));
            assertTrue(r.error() && r.content().contains("TRAP"), r.content());
        }
        PluginEntry e = host.entry("deep");
        assertEquals(PluginEntry.State.DISABLED, e.state);
        assertTrue(e.problem.contains("disabled after 3 failed calls in a row"), e.problem);
        assertNull(tool("deep"), "its services are gone");
        assertTrue(deep.invoke(call(Map.of())).content().contains("not running"));
        host.setEnabled("deep", true);
        assertEquals(PluginEntry.State.ACTIVE, e.state);
        assertNotNull(tool("deep"));
    }

    @Test
    void toolNamesAreNotShared() throws Exception {
        fx.registrar.foreignTools.add("echo");
        PluginViews.Change c = host.install(fx.dxp("echo.dxp", Fixtures.manifest("echo", "1.0.0", Fixtures.ECHO),
                Fixtures.wasm("echo")));
        assertEquals("failed", c.state());
        assertTrue(c.problem().contains("tool 'echo' is already provided by bundle dev.dx.tools"), c.problem());
        fx.registrar.foreignTools.clear();
        host.install(fx.dxp("echo.dxp", Fixtures.manifest("echo", "1.0.1", Fixtures.ECHO), Fixtures.wasm("echo")));
        PluginViews.Change other = host.install(fx.dxp("other.dxp", Fixtures.manifest("other", "1.0.0",
                ",\"tools\":[{\"name\":\"echo\"}]"), Fixtures.wasm("echo")));
        assertTrue(other.problem().contains("already provided by plugin 'echo'"), other.problem());
    }
}
