package dev.dx.plugin.nativelib.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dx.api.plugin.Deadline;
import dev.dx.api.plugin.LoadedPlugin;
import dev.dx.api.plugin.PluginContext;
import dev.dx.api.plugin.PluginException;
import dev.dx.api.plugin.PluginHost;
import dev.dx.api.plugin.PluginLimits;
import dev.dx.api.plugin.PluginManifest;
import dev.dx.api.plugin.PluginPermissions;
import dev.dx.testsupport.component.Await;
import dev.dx.testsupport.component.Configs;

/** The runtime with real shared libraries compiled by gcc from src/test/c during the build. */
class NativeRuntimeTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final List<LoadedPlugin> loaded = new ArrayList<>();
    private NativeRuntime runtime = NativeRuntime.with(Settings.DEFAULT);

    @AfterEach
    void closeAll() throws Exception {
        loaded.forEach(LoadedPlugin::close);
        runtime.deactivate();
    }

    /** A plugin folder as the host hands it over: the verified copy, with the library as its entry. */
    private PluginContext context(String library, String id, PluginPermissions permissions) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(id));
        try (InputStream in = NativeRuntimeTest.class.getResourceAsStream("/native/" + library + ".so")) {
            if (in == null) {
                throw new IOException("no test library " + library + ".so (compiled from src/test/c by the build)");
            }
            Files.copy(in, folder.resolve("plugin.so"));
        }
        PluginManifest m = new PluginManifest(id, "1.0.0", "native", "plugin.so", "", List.of(), List.of(), List.of(),
                permissions);
        return new PluginContext(m, folder, permissions, new PluginLimits(16 << 20, Duration.ofSeconds(30)),
                new NoHost());
    }

    private LoadedPlugin load(String library, String id) throws IOException {
        LoadedPlugin p = runtime.load(context(library, id, PluginPermissions.NONE));
        loaded.add(p);
        return p;
    }

    /** @return the input of {@code method:block}, which returns from native code once {@code release} exists */
    private static String block(Path release) {
        return "{\"params\":{\"until\":\"" + release + "\"}}";
    }

    private static Deadline seconds(int s) {
        return Deadline.after(Duration.ofSeconds(s));
    }

    @Test
    void toolsMethodsAndHooksAnswer() throws Exception {
        LoadedPlugin echo = load("echo", "echo");
        assertEquals("{\"content\":\"native echo\",\"details\":{\"arguments\":{\"text\":\"hi\"}}}",
                echo.invoke("tool:echo", "{\"arguments\":{\"text\":\"hi\"}}", seconds(10)));
        assertEquals("{\"content\":\"42\"}", echo.invoke("tool:add", "{\"arguments\":{\"a\":-8,\"b\":50}}",
                seconds(10)));
        assertEquals("{\"veto\":false}", echo.invoke("hook:tool.before", "{\"event\":{\"tool\":\"read\"}}",
                seconds(10)));
        assertTrue(echo.invoke("hook:tool.before", "{\"event\":{\"tool\":\"forbidden\"}}", seconds(10))
                .startsWith("{\"veto\":true"));
        assertEquals("{\"result\":\"native ver=1\"}", echo.invoke("method:version", "{}", seconds(10)));
        assertEquals("\"ünïcödé\"", echo.invoke("tool:echo", "\"ünïcödé\"", seconds(10))
                .replaceAll(".*\"details\":(.*)}$", "$1"));
        assertEquals(Map.of("runtime", "native", "healthy", true), Map.of("runtime", echo.status().get("runtime"),
                "healthy", echo.status().get("healthy")));
    }

    @Test
    void aNonZeroReturnIsAnErrorOfThatCallOnly() throws Exception {
        LoadedPlugin echo = load("echo", "failing");
        PluginException e = assertThrows(PluginException.class, () -> echo.invoke("method:fail", "{}", seconds(10)));
        assertEquals(PluginException.Code.TRAP, e.code());
        assertEquals("method:fail failed with code 3: asked to fail", e.getMessage());
        PluginException unknown = assertThrows(PluginException.class, () -> echo.invoke("method:nope", "{}",
                seconds(10)));
        assertTrue(unknown.getMessage().contains("code 2: no such export"), unknown.getMessage());
        assertEquals("{\"result\":\"native ver=1\"}", echo.invoke("method:version", "{}", seconds(10)));
        assertNull(echo.unloaded());
    }

    @Test
    void aCallPastItsDeadlineUnloadsThePluginAndLeavesItsThreadToFinish() throws Exception {
        LoadedPlugin slow = load("echo", "slow");
        LoadedPlugin other = load("echo", "other");
        Path release = dir.resolve("release-slow");
        long start = System.nanoTime();
        // the library stays stuck until the file exists: an answer at all means it came at the deadline
        PluginException e = assertThrows(PluginException.class, () -> slow.invoke("method:block", block(release),
                Deadline.after(Duration.ofMillis(200))));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals(PluginException.Code.TIMEOUT, e.code(), e.getMessage());
        assertTrue(ms >= 200, "not before the deadline: " + ms + " ms");
        assertTrue(slow.unloaded().contains("did not return within its deadline"), slow.unloaded());
        assertEquals(false, slow.status().get("healthy"));
        assertEquals(1, runtime.stuckCalls());
        assertEquals(1, runtime.loadedCount(), "unloaded from the runtime's registry; only the other one is left");
        PluginException refused = assertThrows(PluginException.class, () -> slow.invoke("method:version", "{}",
                seconds(10)));
        assertEquals(PluginException.Code.UNAVAILABLE, refused.code());
        assertTrue(refused.getMessage().contains("unloaded"), refused.getMessage());
        assertEquals("{\"result\":\"native ver=1\"}", other.invoke("method:version", "{}", seconds(10)),
                "other plugins keep answering");
        Files.createFile(release);
        Await.until("the stuck call to return from native code", WAIT, () -> runtime.stuckCalls() == 0
                && (int) slow.status().get("threadsInside") == 0);
    }

    @Test
    void stuckThreadsAreCappedAndCallsResumeOnceTheyReturn() throws Exception {
        runtime.deactivate();
        runtime = NativeRuntime.with(new Settings(4, 1, 1 << 20));
        LoadedPlugin slow = load("echo", "slow");
        LoadedPlugin other = load("echo", "other");
        Path release = dir.resolve("release-capped");
        assertThrows(PluginException.class, () -> slow.invoke("method:block", block(release),
                Deadline.after(Duration.ofMillis(100))));
        PluginException full = assertThrows(PluginException.class, () -> other.invoke("method:version", "{}",
                seconds(10)));
        assertEquals(PluginException.Code.UNAVAILABLE, full.code());
        assertTrue(full.getMessage().contains("stuck"), full.getMessage());
        assertNull(other.unloaded(), "a refusal for want of threads is not the plugin's fault");
        Files.createFile(release);
        Await.until("the stuck call to return", WAIT, () -> runtime.stuckCalls() == 0);
        assertEquals("{\"result\":\"native ver=1\"}", other.invoke("method:version", "{}", seconds(10)));
    }

    @Test
    void unloadAndReloadTheSameLibrary() throws Exception {
        PluginContext ctx = context("echo", "again", PluginPermissions.NONE);
        LoadedPlugin first = runtime.load(ctx);
        LoadedPlugin second = runtime.load(ctx);
        loaded.add(second);
        assertEquals("{\"result\":\"native ver=1\"}", first.invoke("method:version", "{}", seconds(10)));
        first.close();
        first.close();
        assertEquals(PluginException.Code.UNAVAILABLE, assertThrows(PluginException.class,
                () -> first.invoke("method:version", "{}", seconds(10))).code());
        assertEquals("{\"result\":\"native ver=1\"}", second.invoke("method:version", "{}", seconds(10)),
                "closing one load leaves another load of the same file working");
        LoadedPlugin third = runtime.load(ctx);
        loaded.add(third);
        assertEquals("{\"content\":\"3\"}", third.invoke("tool:add", "{\"arguments\":{\"a\":1,\"b\":2}}",
                seconds(10)));
    }

    @Test
    void librariesOutsideTheAbiAreRefusedAtLoad() throws Exception {
        PluginException noAbi = assertThrows(PluginException.class, () -> load("noabi", "noabi"));
        assertEquals(PluginException.Code.INVALID, noAbi.code());
        assertTrue(noAbi.getMessage().contains("does not export dx_plugin_invoke"), noAbi.getMessage());
        PluginException future = assertThrows(PluginException.class, () -> load("future", "future"));
        assertEquals(PluginException.Code.INVALID, future.code());
        assertTrue(future.getMessage().contains("built for C ABI 99"), future.getMessage());
        PluginContext junk = context("echo", "junk", PluginPermissions.NONE);
        Files.write(junk.entry(), "#!/bin/sh\necho not a library\n".getBytes());
        PluginException notElf = assertThrows(PluginException.class, () -> runtime.load(junk));
        assertEquals(PluginException.Code.INVALID, notElf.code());
        assertTrue(notElf.getMessage().contains("cannot be loaded as a shared library"), notElf.getMessage());
        PluginException kv = assertThrows(PluginException.class, () -> runtime.load(context("echo", "kv",
                new PluginPermissions(List.of(), List.of(), List.of(), true, false))));
        assertEquals(PluginException.Code.DENIED, kv.code());
        assertEquals(0, runtime.loadedCount());
    }

    @Test
    void callsFromManyThreadsRunTogether() throws Exception {
        LoadedPlugin echo = load("echo", "busy");
        List<String> wrong = java.util.stream.IntStream.range(0, 400).parallel()
                .mapToObj(i -> Map.entry(i, echo.invoke("tool:add", "{\"arguments\":{\"a\":" + i + ",\"b\":1}}",
                        seconds(30))))
                .filter(r -> !r.getValue().equals("{\"content\":\"" + (r.getKey() + 1) + "\"}"))
                .map(Object::toString).toList();
        assertEquals(List.of(), wrong);
    }

    @Test
    void deactivationClosesEveryPluginAndLeavesNoThread() throws Exception {
        NativeRuntime rt = new NativeRuntime();
        rt.activate(Configs.of(NativeConfig.class, Map.of()));
        PluginContext ctx = context("echo", "tidy", PluginPermissions.NONE);
        LoadedPlugin p = rt.load(ctx);
        assertEquals("{\"result\":\"native ver=1\"}", p.invoke("method:version", "{}", seconds(10)));
        assertTrue(mapped(ctx.entry()), "loaded: the library is mapped into the process");
        rt.deactivate();
        assertFalse(mapped(ctx.entry()), "closed: dlclose unmapped the library");
        assertEquals(0, rt.loadedCount());
        assertEquals(PluginException.Code.UNAVAILABLE, assertThrows(PluginException.class,
                () -> p.invoke("method:version", "{}", seconds(10))).code());
        assertEquals(PluginException.Code.UNAVAILABLE, assertThrows(PluginException.class,
                () -> rt.load(context("echo", "late", PluginPermissions.NONE))).code());
        assertTrue(rt.threadsEnded(), "no call thread left behind");
    }

    private static boolean mapped(Path library) throws IOException {
        return Files.readString(Path.of("/proc/self/maps")).contains(library.toString());
    }

    /** Native plugins have no host callbacks in ABI 1: nothing here may be called. */
    private static final class NoHost implements PluginHost {
        @Override
        public void log(Level level, String message) {
            throw new AssertionError("no host calls in ABI 1");
        }

        @Override
        public byte[] kvGet(String key) {
            throw new AssertionError("no host calls in ABI 1");
        }

        @Override
        public void kvSet(String key, byte[] value) {
            throw new AssertionError("no host calls in ABI 1");
        }

        @Override
        public String http(String requestJson, Deadline deadline) {
            throw new AssertionError("no host calls in ABI 1");
        }
    }
}
