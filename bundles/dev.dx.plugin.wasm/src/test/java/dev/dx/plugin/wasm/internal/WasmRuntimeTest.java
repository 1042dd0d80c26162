package dev.dx.plugin.wasm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.dx.api.plugin.Deadline;
import dev.dx.api.plugin.LoadedPlugin;
import dev.dx.api.plugin.PluginException;

/** The runtime with real modules assembled from src/test/wat, compiled and interpreted. */
class WasmRuntimeTest {
    private static final String METHOD_INPUT = "{\"params\":{\"x\":1},\"caller\":{\"scopes\":[\"admin\"]}}";

    @TempDir
    Path dir;

    private final TestHost host = new TestHost();
    private final List<LoadedPlugin> loaded = new ArrayList<>();

    @AfterEach
    void closeAll() {
        loaded.forEach(LoadedPlugin::close);
    }

    private LoadedPlugin load(boolean compile, String wasm, String id, long memoryBytes) throws Exception {
        WasmRuntime runtime = WasmRuntime.with(compile ? Settings.DEFAULT : Settings.DEFAULT.interpreted());
        LoadedPlugin p = runtime.load(host.context(dir, wasm, id, memoryBytes));
        loaded.add(p);
        return p;
    }

    private LoadedPlugin load(boolean compile, String wasm) throws Exception {
        return load(compile, wasm, wasm + "-plugin", 16L << 20);
    }

    private static Deadline seconds(int s) {
        return Deadline.after(Duration.ofSeconds(s));
    }

    @ParameterizedTest(name = "compiled={0}")
    @ValueSource(booleans = {true, false})
    void toolsMethodsAndHooksAnswer(boolean compile) throws Exception {
        LoadedPlugin echo = load(compile, "echo");
        String tool = echo.invoke("tool:echo", "{\"arguments\":{\"text\":\"hi\"},\"context\":{}}", seconds(10));
        assertEquals("{\"content\":\"echo ver=1\",\"details\":{\"arguments\":{\"text\":\"hi\"},\"context\":{}}}", tool);
        assertEquals("{\"content\":\"42\"}", echo.invoke("tool:add", "{\"arguments\":{\"a\":-8,\"b\":50}}", seconds(10)));
        assertEquals("{\"result\":" + METHOD_INPUT + "}", echo.invoke("method:echo", METHOD_INPUT, seconds(10)));
        assertEquals("{\"veto\":false}", echo.invoke("hook:tool.before",
                "{\"point\":\"tool.before\",\"event\":{\"tool\":\"read\"}}", seconds(10)));
        assertTrue(echo.invoke("hook:tool.before", "{\"point\":\"tool.before\",\"event\":{\"tool\":\"forbidden\"}}",
                seconds(10)).startsWith("{\"veto\":true"));
        assertTrue(echo.invoke("method:nope", "{}", seconds(10)).contains("NOT_FOUND"));
        assertEquals("{\"result\":\"logged\"}", echo.invoke("method:log", "hello from wasm", seconds(10)));
        assertEquals("{\"result\":\"echo ver=1\"}", echo.invoke("method:version", "{}", seconds(10)));
        assertEquals(List.of("INFO hello from wasm"), host.logs);
        // the allocator returns to its base after every call: a thousand calls do not grow the memory
        for (int i = 0; i < 1000; i++) {
            echo.invoke("method:echo", METHOD_INPUT, seconds(10));
        }
        assertEquals(1, echo.status().get("memoryPages"));
    }

    @ParameterizedTest(name = "compiled={0}")
    @ValueSource(booleans = {true, false})
    void anEndlessLoopIsStoppedAtItsDeadlineWhileOtherPluginsAnswer(boolean compile) throws Exception {
        LoadedPlugin loop = load(compile, "loop");
        LoadedPlugin echo = load(compile, "echo");
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            long start = System.nanoTime();
            Future<PluginException> spinning = caller.submit(() -> assertThrows(PluginException.class,
                    () -> loop.invoke("method:spin", "{}", Deadline.after(Duration.ofMillis(500)))));
            int answered = 0;
            while (!spinning.isDone()) {
                assertEquals("{\"content\":\"42\"}", echo.invoke("tool:add", "{\"arguments\":{\"a\":40,\"b\":2}}",
                        seconds(10)));
                answered++;
            }
            PluginException e = spinning.get();
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertEquals(PluginException.Code.TIMEOUT, e.code(), e.getMessage());
            assertTrue(ms >= 500 && ms < 10_000, "stopped after " + ms + " ms");
            assertTrue(answered > 0, "the other plugin answered while the loop ran");
            assertEquals(0L, loop.status().get("abandonedThreads"), "the loop noticed the interrupt");
            // the next call of the same plugin gets a fresh instance and answers
            assertEquals("{\"result\":\"pong\"}", loop.invoke("method:ping", "{}", seconds(10)));
        } finally {
            caller.shutdownNow();
        }
    }

    @ParameterizedTest(name = "compiled={0}")
    @ValueSource(booleans = {true, false})
    void memoryGrowthPastTheCapIsRefused(boolean compile) throws Exception {
        LoadedPlugin grow = load(compile, "grow", "grow-plugin", 2L << 20);
        assertEquals("{\"result\":{\"refusedAtPages\":32}}", grow.invoke("method:grow", "{}", seconds(10)));
        assertEquals(32, grow.status().get("memoryPagesCap"));
        assertEquals("{\"result\":\"pong\"}", grow.invoke("method:ping", "{}", seconds(10)));
    }

    @ParameterizedTest(name = "compiled={0}")
    @ValueSource(booleans = {true, false})
    void deepRecursionTrapsThatCallOnly(boolean compile) throws Exception {
        LoadedPlugin deep = load(compile, "recurse");
        LoadedPlugin echo = load(compile, "echo");
        PluginException e = assertThrows(PluginException.class, () -> deep.invoke("method:recurse", "{}", seconds(30)));
        assertEquals(PluginException.Code.TRAP, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains("call stack exhausted"), e.getMessage());
        assertEquals("{\"result\":\"pong\"}", deep.invoke("method:ping", "{}", seconds(10)));
        assertEquals("{\"content\":\"42\"}", echo.invoke("tool:add", "{\"arguments\":{\"a\":40,\"b\":2}}", seconds(10)));
    }

    @ParameterizedTest(name = "compiled={0}")
    @ValueSource(booleans = {true, false})
    void outOfRangePointersTrap(boolean compile) throws Exception {
        LoadedPlugin bad = load(compile, "badptr");
        host.kvGranted = true;
        for (String export : List.of("method:log", "method:kv", "method:http", "method:output")) {
            PluginException e = assertThrows(PluginException.class, () -> bad.invoke(export, "{}", seconds(10)));
            assertEquals(PluginException.Code.TRAP, e.code(), export + ": " + e.getMessage());
            assertTrue(e.getMessage().contains("outside the plugin's memory"), e.getMessage());
            assertEquals("{\"result\":\"pong\"}", bad.invoke("method:ping", "{}", seconds(10)));
        }
        assertTrue(host.logs.isEmpty() && host.requests.isEmpty() && host.kv.isEmpty(), "nothing reached the host");
    }

    @ParameterizedTest(name = "compiled={0}")
    @ValueSource(booleans = {true, false})
    void keyValueStorageGoesThroughTheHost(boolean compile) throws Exception {
        LoadedPlugin kv = load(compile, "kv");
        PluginException denied = assertThrows(PluginException.class, () -> kv.invoke("method:put", METHOD_INPUT,
                seconds(10)));
        assertEquals(PluginException.Code.DENIED, denied.code());
        host.kvGranted = true;
        assertEquals("{\"result\":null}", kv.invoke("method:get", "{}", seconds(10)));
        assertEquals("{\"result\":{\"stored\":true}}", kv.invoke("method:put", METHOD_INPUT, seconds(10)));
        assertEquals("{\"result\":" + METHOD_INPUT + "}", kv.invoke("method:get", "{}", seconds(10)));
        assertEquals(METHOD_INPUT, new String(host.kv.get("state"), java.nio.charset.StandardCharsets.UTF_8));
        kv.invoke("method:delete", "{}", seconds(10));
        assertEquals("{\"result\":null}", kv.invoke("method:get", "{}", seconds(10)));
    }

    @ParameterizedTest(name = "compiled={0}")
    @ValueSource(booleans = {true, false})
    void httpRequestsGoThroughTheHost(boolean compile) throws Exception {
        LoadedPlugin http = load(compile, "http");
        host.http = r -> "{\"status\":200,\"body\":\"hello\"}";
        String out = http.invoke("method:fetch", "{\"params\":{\"url\":\"https://example.com/\",\"headers\":"
                + "{\"x\":\"}\"}},\"caller\":{}}", seconds(10));
        assertEquals("{\"result\":{\"status\":200,\"body\":\"hello\"}}", out);
        assertEquals(List.of("{\"url\":\"https://example.com/\",\"headers\":{\"x\":\"}\"}}"), host.requests);
    }

    @ParameterizedTest(name = "compiled={0}")
    @ValueSource(booleans = {true, false})
    void aCallStuckOutsideWasmCodeIsAbandonedAndTheNextCallGetsAFreshThread(boolean compile) throws Exception {
        Settings quickGrace = new Settings(1024, compile, 1 << 20, 4 << 20, 200);
        LoadedPlugin http = WasmRuntime.with(quickGrace).load(host.context(dir, "http", "stuck", 1 << 20));
        loaded.add(http);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        host.http = r -> {
            // a host call that ignores interruption, as a blocking native call would
            while (release.getCount() > 0) {
                Thread.onSpinWait();
            }
            return "{\"status\":204}";
        };
        long start = System.nanoTime();
        PluginException e = assertThrows(PluginException.class, () -> http.invoke("method:fetch",
                "{\"params\":{\"url\":\"https://example.com/\"}}", Deadline.after(Duration.ofMillis(300))));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals(PluginException.Code.TIMEOUT, e.code());
        assertTrue(ms >= 300 && ms < 10_000, "returned after " + ms + " ms");
        assertEquals(1L, http.status().get("abandonedThreads"));
        release.countDown();
        host.http = r -> "{\"status\":200}";
        assertEquals("{\"result\":{\"status\":200}}", http.invoke("method:fetch",
                "{\"params\":{\"url\":\"https://example.com/\"}}", seconds(10)));
    }

    @ParameterizedTest(name = "compiled={0}")
    @ValueSource(booleans = {true, false})
    void modulesOutsideTheAbiAreRefusedAtLoad(boolean compile) throws Exception {
        PluginException imports = assertThrows(PluginException.class, () -> load(compile, "badimport"));
        assertEquals(PluginException.Code.INVALID, imports.code());
        assertTrue(imports.getMessage().contains("env.system"), imports.getMessage());
        Files.createDirectories(dir.resolve("junk"));
        Files.write(dir.resolve("junk/plugin.wasm"), new byte[] {0, 'a', 's', 'm', 9, 9});
        var ctx = host.context(dir, "echo", "junk2", 1 << 20);
        Files.write(ctx.entry(), new byte[] {0, 'a', 's', 'm', 9, 9});
        PluginException junk = assertThrows(PluginException.class, () -> WasmRuntime.with(Settings.DEFAULT).load(ctx));
        assertEquals(PluginException.Code.INVALID, junk.code());
    }

    @ParameterizedTest(name = "compiled={0}")
    @ValueSource(booleans = {true, false})
    void callsFromManyThreadsAreServedOneAtATime(boolean compile) throws Exception {
        LoadedPlugin echo = load(compile, "echo");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int a = i;
                results.add(pool.submit(() -> echo.invoke("tool:add", "{\"arguments\":{\"a\":" + a + ",\"b\":1}}",
                        seconds(30))));
            }
            for (int i = 0; i < results.size(); i++) {
                assertEquals("{\"content\":\"" + (i + 1) + "\"}", results.get(i).get());
            }
        } finally {
            pool.shutdownNow();
        }
        echo.close();
        PluginException e = assertThrows(PluginException.class, () -> echo.invoke("tool:add", "{}", seconds(1)));
        assertEquals(PluginException.Code.UNAVAILABLE, e.code());
    }
}
