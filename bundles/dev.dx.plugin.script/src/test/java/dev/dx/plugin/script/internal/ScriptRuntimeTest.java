package dev.dx.plugin.script.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.dx.api.plugin.Deadline;
import dev.dx.api.plugin.LoadedPlugin;
import dev.dx.api.plugin.PluginContext;
import dev.dx.api.plugin.PluginException;
import dev.dx.api.plugin.PluginHost;
import dev.dx.api.plugin.PluginLimits;
import dev.dx.api.plugin.PluginManifest;
import dev.dx.api.plugin.PluginPermissions;
import dev.dx.testsupport.component.Await;

/** The runtime with real node processes running the JavaScript plugins of src/test/js. */
class ScriptRuntimeTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final Host host = new Host();
    private final List<LoadedPlugin> loaded = new ArrayList<>();
    private ScriptRuntime runtime = ScriptRuntime.with(new Settings("node", 256, 10_000, 200, 5_000, 4 << 20, 1000));

    @AfterEach
    void stop() throws Exception {
        loaded.forEach(LoadedPlugin::close);
        runtime.deactivate();
    }

    private PluginContext context(String script, String id, PluginPermissions perms, long memoryBytes)
            throws IOException {
        Path folder = Files.createDirectories(dir.resolve("plugins").resolve(id));
        for (String f : List.of(script + ".js", "data.txt")) {
            try (InputStream in = ScriptRuntimeTest.class.getResourceAsStream("/js/" + f)) {
                Files.copy(in, folder.resolve(f.equals("data.txt") ? f : "plugin.js"));
            }
        }
        PluginManifest m = new PluginManifest(id, "1.0.0", "script", "plugin.js", "", List.of(), List.of(), List.of(),
                perms);
        return new PluginContext(m, folder, perms, new PluginLimits(memoryBytes, Duration.ofSeconds(30)), host);
    }

    private LoadedPlugin load(String id, PluginPermissions perms) throws IOException {
        LoadedPlugin p = runtime.load(context("probe", id, perms, 64L << 20));
        loaded.add(p);
        return p;
    }

    private LoadedPlugin load(String id) throws IOException {
        return load(id, PluginPermissions.NONE);
    }

    private static String call(LoadedPlugin p, String method, String params) {
        return p.invoke("method:" + method, "{\"params\":" + params + "}", Deadline.after(Duration.ofSeconds(20)));
    }

    private static PluginException refused(LoadedPlugin p, String method, String params) {
        return assertThrows(PluginException.class, () -> call(p, method, params));
    }

    private static PluginPermissions perms(List<String> read, List<String> write, boolean kv, boolean process) {
        return new PluginPermissions(List.of(), read, write, kv, process);
    }

    private static long pid(LoadedPlugin p) {
        return Long.parseLong(call(p, "pid", "{}").replaceAll("\\D", ""));
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    @Test
    void toolsMethodsAndHooksAnswer() throws Exception {
        LoadedPlugin p = load("probe");
        assertEquals("{\"content\":\"script echo\",\"details\":{\"arguments\":{\"text\":\"hi\"}}}",
                p.invoke("tool:echo", "{\"arguments\":{\"text\":\"hi\"}}", Deadline.after(Duration.ofSeconds(10))));
        assertEquals("{\"veto\":false}", p.invoke("hook:tool.before", "{\"event\":{\"tool\":\"read\"}}",
                Deadline.after(Duration.ofSeconds(10))));
        assertTrue(p.invoke("hook:tool.before", "{\"event\":{\"tool\":\"forbidden\"}}",
                Deadline.after(Duration.ofSeconds(10))).startsWith("{\"veto\":true"));
        assertEquals("{\"result\":\"script ver=1\"}", call(p, "version", "{}"));
        assertEquals("{\"result\":\"logged\"}", call(p, "log", "{}"));
        assertTrue(host.logs.contains("INFO hello from the script"), host.logs.toString());
        assertTrue(host.logs.contains("INFO console goes to the log too"), host.logs.toString());
        PluginException none = refused(p, "nope", "{}");
        assertEquals(PluginException.Code.INVALID, none.code());
        assertEquals("running", p.status().get("process"));
    }

    @Test
    void aThrownErrorFailsThatCallOnly() throws Exception {
        LoadedPlugin p = load("thrower");
        long pid = pid(p);
        PluginException e = refused(p, "throw", "{}");
        assertEquals(PluginException.Code.TRAP, e.code());
        assertEquals("method:throw failed: asked to throw", e.getMessage());
        assertEquals(pid, pid(p), "the same process answers the next call");
    }

    @Test
    void aCallPastItsDeadlineKillsTheProcessAndANewOneAnswers() throws Exception {
        LoadedPlugin p = load("spinner");
        long pid = pid(p);
        long start = System.nanoTime();
        PluginException e = assertThrows(PluginException.class, () -> p.invoke("method:spin", "{}",
                Deadline.after(Duration.ofMillis(500))));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals(PluginException.Code.TIMEOUT, e.code(), e.getMessage());
        assertTrue(ms >= 500 && ms < 5_000, "stopped after " + ms + " ms");
        Await.until("the spinning process to be gone", WAIT, () -> !alive(pid));
        long next = pid(p);
        assertNotEquals(pid, next);
        assertEquals(1L, p.status().get("restarts"));
        assertEquals(0, p.status().get("crashesInARow"), "a kill at the deadline is not a crash");
    }

    @Test
    void aCrashedProcessIsRestartedWithGrowingDelays() throws Exception {
        LoadedPlugin p = load("crasher");
        long pid = pid(p);
        PluginException crash = refused(p, "crash", "{}");
        assertEquals(PluginException.Code.CRASHED, crash.code(), crash.getMessage());
        assertTrue(crash.getMessage().contains("exited with code 3"), crash.getMessage());
        long t0 = System.nanoTime();
        Await.until("the first restart", WAIT, () -> (long) p.status().get("restarts") == 1L);
        long first = (System.nanoTime() - t0) / 1_000_000;
        refused(p, "crash", "{}");
        long t1 = System.nanoTime();
        Await.until("the second crash to count", WAIT, () -> (int) p.status().get("crashesInARow") == 2);
        Await.until("the second restart", WAIT, () -> (long) p.status().get("restarts") == 2L);
        long second = (System.nanoTime() - t1) / 1_000_000;
        assertTrue(first >= 200 && second >= 400, "delays of 200 and 400 ms plus jitter, were " + first + " and "
                + second + " ms");
        long next = pid(p);
        assertNotEquals(pid, next);
        assertEquals(0, p.status().get("crashesInARow"), "a successful call ends the run of crashes");
        // a call made while the process restarts waits for it
        refused(p, "crash", "{}");
        assertEquals("{\"result\":\"script ver=1\"}", call(p, "version", "{}"));
    }

    @Test
    void allocatingWithoutBoundEndsAtTheHeapCap() throws Exception {
        LoadedPlugin p = runtime.load(context("probe", "hog", PluginPermissions.NONE, 16L << 20));
        loaded.add(p);
        assertEquals(16, p.status().get("heapCapMb"));
        PluginException e = refused(p, "alloc", "{}");
        assertEquals(PluginException.Code.CRASHED, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains("heap"), e.getMessage());
        assertEquals("{\"result\":\"script ver=1\"}", call(p, "version", "{}"));
    }

    @Test
    void readingOutsideItsFolderIsDeniedItsOwnFolderAndGrantedPathsAreNot() throws Exception {
        Path granted = Files.writeString(Files.createDirectories(dir.resolve("granted")).resolve("shared.txt"),
                "granted data");
        Path other = Files.writeString(dir.resolve("other.txt"), "not granted");
        LoadedPlugin p = load("reader", perms(List.of(granted.getParent().toString()), List.of(), false, false));
        PluginException passwd = refused(p, "read", "{\"path\":\"/etc/passwd\"}");
        assertEquals(PluginException.Code.DENIED, passwd.code(), passwd.getMessage());
        assertTrue(passwd.getMessage().contains("ERR_ACCESS_DENIED"), passwd.getMessage());
        assertEquals(PluginException.Code.DENIED, refused(p, "read", "{\"path\":\"" + other + "\"}").code());
        assertEquals("{\"result\":\"the plugin's own data\"}", call(p, "readOwn", "{}"));
        assertEquals("{\"result\":\"granted data\"}", call(p, "read", "{\"path\":\"" + granted + "\"}"));
    }

    @Test
    void writingIsDeniedUnlessGranted() throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        LoadedPlugin none = load("no-writer");
        assertEquals(PluginException.Code.DENIED, refused(none, "write", "{\"path\":\"" + out.resolve("a.txt")
                + "\"}").code());
        assertFalse(Files.exists(out.resolve("a.txt")));
        LoadedPlugin writer = load("writer", perms(List.of(), List.of(out.toString()), false, false));
        assertEquals("{\"result\":\"written\"}", call(writer, "write", "{\"path\":\"" + out.resolve("b.txt") + "\"}"));
        assertEquals("written by the plugin", Files.readString(out.resolve("b.txt")));
    }

    @Test
    void workersAndWasiAreDeniedEvenWithEveryGrant() throws Exception {
        LoadedPlugin p = load("all-granted", perms(List.of("/"), List.of(), false, true));
        for (String method : List.of("worker", "wasi")) {
            PluginException e = refused(p, method, "{}");
            assertEquals(PluginException.Code.DENIED, e.code(), method + ": " + e.getMessage());
        }
        assertEquals("{\"result\":\"spawned\"}", call(p, "spawn", "{}"), "the same plugin's granted powers work");
    }

    @Test
    void aNodeWhosePermissionModelLetsWasiThroughIsRefused(@TempDir Path bin) throws Exception {
        Path fake = bin.resolve("node");
        // Answers like an early Node.js 20: a fine version number, but the sandbox probe gets through (exit 3).
        Files.writeString(fake, "#!/bin/sh\nif [ \"$1\" = --version ]; then echo v20.2.0; exit 0; fi\nexit 3\n");
        fake.toFile().setExecutable(true);
        PluginException e = assertThrows(PluginException.class, () -> NodeBinary.find(fake.toString()));
        assertTrue(e.getMessage().contains("WASI"), e.getMessage());
        assertTrue(NodeBinary.find("node").major() >= NodeBinary.MIN_MAJOR, "the real node passes the probe");
    }

    @Test
    void spawningAProcessIsDeniedUnlessGranted() throws Exception {
        PluginException e = refused(load("no-spawner"), "spawn", "{}");
        assertEquals(PluginException.Code.DENIED, e.code(), e.getMessage());
        assertEquals("{\"result\":\"spawned\"}", call(load("spawner", perms(List.of(), List.of(), false, true)),
                "spawn", "{}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"net", "socket-class", "http", "listen", "udp", "dns", "binding"})
    void openingASocketIsDenied(String how) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            LoadedPlugin p = load("socket-" + how);
            PluginException e = refused(p, "socket", "{\"how\":\"" + how + "\",\"port\":" + server.getLocalPort()
                    + "}");
            assertEquals(PluginException.Code.DENIED, e.code(), e.getMessage());
            if (how.equals("net")) {
                PluginException esm = refused(p, "importNet", "{\"port\":" + server.getLocalPort() + "}");
                assertEquals(PluginException.Code.DENIED, esm.code(), esm.getMessage());
            }
            server.setSoTimeout(200);
            assertThrows(SocketTimeoutException.class, server::accept, "nothing connected");
        }
    }

    @Test
    void fetchIsGoneAndHttpGoesThroughTheHost() throws Exception {
        LoadedPlugin p = load("fetcher");
        PluginException e = refused(p, "socket", "{\"how\":\"fetch\",\"port\":9}");
        assertTrue(e.getMessage().contains("fetch is not defined"), e.getMessage());
        host.http = r -> r.contains("allowed.example") ? "{\"status\":200,\"body\":\"hello\"}"
                : "{\"error\":{\"code\":\"DENIED\",\"message\":\"not granted\"}}";
        assertEquals("{\"result\":{\"status\":200,\"body\":\"hello\"}}", call(p, "fetch",
                "{\"url\":\"https://allowed.example/\"}"));
        assertEquals("{\"result\":{\"error\":{\"code\":\"DENIED\",\"message\":\"not granted\"}}}", call(p, "fetch",
                "{\"url\":\"https://elsewhere.example/\"}"));
        assertEquals(List.of("{\"url\":\"https://allowed.example/\"}", "{\"url\":\"https://elsewhere.example/\"}"),
                host.requests);
    }

    @Test
    void keyValueStorageGoesThroughTheHost() throws Exception {
        LoadedPlugin p = load("kv", perms(List.of(), List.of(), true, false));
        assertEquals(PluginException.Code.DENIED, refused(p, "put", "{\"n\":7}").code());
        host.kvGranted = true;
        assertEquals("{\"result\":null}", call(p, "get", "{}"));
        assertEquals("{\"result\":{\"stored\":true}}", call(p, "put", "{\"n\":7}"));
        assertEquals("{\"result\":{\"n\":7}}", call(p, "get", "{}"));
    }

    @Test
    void entriesThatDoNotLoadAreRefused() throws Exception {
        PluginException broken = assertThrows(PluginException.class, () -> runtime.load(context("broken", "broken",
                PluginPermissions.NONE, 64L << 20)));
        assertEquals(PluginException.Code.INVALID, broken.code());
        assertTrue(broken.getMessage().contains("broken on purpose"), broken.getMessage());
        PluginContext ctx = context("probe", "typo", PluginPermissions.NONE, 64L << 20);
        PluginManifest m = ctx.manifest();
        PluginContext wrong = new PluginContext(new PluginManifest(m.id(), m.version(), m.type(), "plugin.py", "",
                List.of(), List.of(), List.of(), m.permissions()), ctx.folder(), ctx.permissions(), ctx.limits(), host);
        assertEquals(PluginException.Code.INVALID, assertThrows(PluginException.class, () -> runtime.load(wrong))
                .code());
        assertEquals(0, runtime.loadedCount());
    }

    @Test
    void stoppingTheRuntimeEndsEveryProcessAndThread() throws Exception {
        LoadedPlugin a = load("a");
        LoadedPlugin b = load("b");
        long pa = pid(a);
        long pb = pid(b);
        refused(b, "crash", "{}"); // b is between processes when the runtime stops
        runtime.deactivate();
        assertFalse(alive(pa) || alive(pb));
        assertEquals(0, runtime.loadedCount());
        assertTrue(runtime.threadsEnded());
        assertEquals(PluginException.Code.UNAVAILABLE, refused(a, "version", "{}").code());
        assertEquals(PluginException.Code.UNAVAILABLE, assertThrows(PluginException.class, () -> runtime.load(
                context("probe", "late", PluginPermissions.NONE, 64L << 20))).code());
        assertTrue(ProcessHandle.current().children().noneMatch(ProcessHandle::isAlive), "no node process left");
    }

    /** The host side for the runtime's own tests: logs, storage and HTTP in memory. */
    private static final class Host implements PluginHost {
        final List<String> logs = new CopyOnWriteArrayList<>();
        final Map<String, byte[]> kv = new ConcurrentHashMap<>();
        final List<String> requests = new CopyOnWriteArrayList<>();
        volatile boolean kvGranted;
        volatile UnaryOperator<String> http = r -> "{\"error\":{\"code\":\"UNAVAILABLE\",\"message\":\"offline\"}}";

        @Override
        public void log(Level level, String message) {
            logs.add(level + " " + message);
        }

        @Override
        public byte[] kvGet(String key) {
            return granted().get(key);
        }

        @Override
        public void kvSet(String key, byte[] value) {
            if (value == null) {
                granted().remove(key);
            } else {
                granted().put(key, value);
            }
        }

        private Map<String, byte[]> granted() {
            if (!kvGranted) {
                throw new PluginException(PluginException.Code.DENIED, "no kv permission");
            }
            return kv;
        }

        @Override
        public String http(String requestJson, Deadline deadline) {
            requests.add(requestJson);
            return http.apply(requestJson);
        }
    }
}
