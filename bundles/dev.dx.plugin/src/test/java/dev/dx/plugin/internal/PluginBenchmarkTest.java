package dev.dx.plugin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dx.api.hook.Hook;
import dev.dx.api.plugin.Deadline;
import dev.dx.api.plugin.PluginRuntime;
import dev.dx.plugin.internal.kv.KvStore;

/**
 * Plugin figures for docs/benchmarks.md: warm latency of a trivial hook through the host (the Hook service agents
 * call) and through the runtime alone, for WASM (compiled and interpreted), native and script plugins; install to
 * first call; memory per loaded plugin (heap, and a script plugin's node process). Not
 * part of the default build:
 * {@code mvn -B -o verify -pl bundles/dev.dx.plugin -am -Dtest=PluginBenchmarkTest -Dgroups=benchmark
 * -DexcludedGroups= -Dsurefire.failIfNoSpecifiedTests=false}. Figures go to standard output and to
 * {@code bundles/dev.dx.plugin/target/benchmark-plugins.txt}.
 */
@Tag("benchmark")
class PluginBenchmarkTest {
    private static final int WARMUP = 20_000;
    private static final int CALLS = 50_000;
    private static final String HOOK_INPUT = "{\"point\":\"message.inbound\",\"event\":{\"agentId\":\"main\","
            + "\"sessionKey\":\"s1\",\"routingKey\":\"agent:main:main\",\"text\":\"hello\"}}";

    @TempDir
    Path dir;

    private final List<String> report = new ArrayList<>();

    /** One kind of plugin under test: its runtime, type, entry file and the built test plugin. */
    private record Kind(String name, String type, String entry, String resource, Supplier<PluginRuntime> runtime) {
        String manifest(String id) {
            return Fixtures.manifest(id, "1.0.0", type, entry, ",\"hooks\":[\"message.inbound\"]");
        }
    }

    private static final List<Kind> KINDS = List.of(
            new Kind("wasm compiled", "wasm", "plugin.wasm", "/wasm/echo.wasm", () -> Runtimes.wasm(true)),
            new Kind("wasm interpreted", "wasm", "plugin.wasm", "/wasm/echo.wasm", () -> Runtimes.wasm(false)),
            new Kind("native", "native", "plugin.so", "/native/echo.so", Runtimes::nativeLib),
            new Kind("script", "script", "plugin.js", "/js/probe.js", Runtimes::script));

    private static Lifecycle host(Fixtures fx, KvStore kv, PluginRuntime rt, String type) {
        Lifecycle host = fx.lifecycle(kv, Fixtures.settings());
        host.runtimeAdded(type, rt);
        return host;
    }

    @Test
    void trivialHookLatency() throws Exception {
        for (Kind k : KINDS) {
            Fixtures fx = new Fixtures(Files.createTempDirectory(dir, "lat"));
            PluginRuntime rt = k.runtime().get();
            try (KvStore kv = fx.kv()) {
                Lifecycle host = host(fx, kv, rt, k.type());
                host.install(fx.dxp("echo.dxp", k.manifest("echo"), k.entry(), Fixtures.resource(k.resource())));
                Hook hook = fx.registrar.find(Hook.class, "dx.plugin.id", "echo");
                Map<String, Object> event = Map.of("agentId", "main", "sessionKey", "s1", "routingKey",
                        "agent:main:main", "text", "hello");
                Runnable throughHost = () -> assertFalse(hook.handle(Hook.MESSAGE_INBOUND, event).veto());
                measure("hook through the host (Hook service), " + k.name(), throughHost);
                measureIsolated("hook through the host, one call per millisecond (threads idle between calls), "
                        + k.name(), throughHost);
                PluginEntry e = host.entry("echo");
                Runnable runtimeAlone = () -> assertEquals("{\"veto\":false}", e.current.loaded.invoke(
                        "hook:message.inbound", HOOK_INPUT, Deadline.after(java.time.Duration.ofSeconds(30))));
                measure("runtime alone (LoadedPlugin.invoke), " + k.name(), runtimeAlone);
                measureIsolated("runtime alone, one call per millisecond, " + k.name(), runtimeAlone);
                host.stopAll();
            } finally {
                Runtimes.deactivate(rt);
            }
        }
        write();
    }

    @Test
    void installToFirstCallAndMemoryPerPlugin() throws Exception {
        for (Kind k : KINDS) {
            Fixtures fx = new Fixtures(Files.createTempDirectory(dir, "mem"));
            PluginRuntime rt = k.runtime().get();
            byte[] artifact = Fixtures.resource(k.resource());
            try (KvStore kv = fx.kv()) {
                Lifecycle host = host(fx, kv, rt, k.type());
                long[] firstCall = new long[12];
                for (int i = 0; i < firstCall.length; i++) {
                    Path file = fx.dxp("warm" + i + ".dxp", k.manifest("warm" + i), k.entry(), artifact);
                    long t0 = System.nanoTime();
                    host.install(file);
                    host.entry("warm" + i).call("hook:message.inbound", HOOK_INPUT, s -> s);
                    firstCall[i] = System.nanoTime() - t0;
                }
                long[] steady = Arrays.copyOfRange(firstCall, 2, firstCall.length);
                Arrays.sort(steady);
                report.add(String.format(Locale.ROOT, "install to first call (verify, unpack, load, call), %s: first "
                        + "%.1f ms, then median %.1f ms", k.name(), firstCall[0] / 1e6, steady[steady.length / 2] / 1e6));
                host.stopAll();
                // a script plugin is a process of its own: fewer of them, and their memory counted outside the JVM
                int n = k.type().equals("script") ? 10 : 50;
                long before = usedHeap();
                long metaBefore = metaspace();
                long rssBefore = nodeRss();
                for (int i = 0; i < n; i++) {
                    host.install(fx.dxp("p" + i + ".dxp", k.manifest("p" + i), k.entry(), artifact));
                    host.entry("p" + i).call("hook:message.inbound", HOOK_INPUT, s -> s);
                }
                long after = usedHeap();
                long metaAfter = metaspace();
                long rss = nodeRss() - rssBefore;
                report.add(String.format(Locale.ROOT, "memory per loaded plugin, %s (%d plugins): heap %.0f KiB, "
                        + "metaspace %.0f KiB%s", k.name(), n, (after - before) / 1024.0 / n,
                        (metaAfter - metaBefore) / 1024.0 / n, rss > 0 ? String.format(Locale.ROOT,
                                ", node process RSS %.1f MiB", rss / 1048576.0 / n) : ""));
                host.stopAll();
            } finally {
                Runtimes.deactivate(rt);
            }
        }
        write();
    }

    /** @return the resident memory of this JVM's node children, from /proc */
    private static long nodeRss() {
        return ProcessHandle.current().children().filter(p -> p.info().command().orElse("").endsWith("/node"))
                .mapToLong(p -> {
                    try {
                        return Files.readAllLines(Paths.get("/proc", Long.toString(p.pid()), "status")).stream()
                                .filter(l -> l.startsWith("VmRSS:")).mapToLong(l -> Long.parseLong(
                                        l.replaceAll("\\D", "")) * 1024).sum();
                    } catch (java.io.IOException e) {
                        return 0; // it exited meanwhile
                    }
                }).sum();
    }

    private static long usedHeap() {
        // with the serial collector (surefire's argLine) System.gc() is a full, synchronous collection
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long metaspace() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getName().equals("Metaspace"))
                .mapToLong(p -> p.getUsage().getUsed()).sum();
    }

    private void measure(String what, Runnable call) {
        for (int i = 0; i < WARMUP; i++) {
            call.run();
        }
        long[] t = new long[CALLS];
        long start = System.nanoTime();
        for (int i = 0; i < CALLS; i++) {
            long t0 = System.nanoTime();
            call.run();
            t[i] = System.nanoTime() - t0;
        }
        long total = System.nanoTime() - start;
        Arrays.sort(t);
        report.add(String.format(Locale.ROOT, "%s: p50 %.1f µs, p99 %.1f µs, p99.9 %.1f µs, %,.0f calls/s", what,
                t[CALLS / 2] / 1e3, t[CALLS * 99 / 100] / 1e3, t[CALLS * 999 / 1000] / 1e3, CALLS / (total / 1e9)));
    }

    /** Calls with a pause before each, as hooks on separate messages come: the threads involved have gone idle. */
    private void measureIsolated(String what, Runnable call) {
        int n = 2_000;
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            long t0 = System.nanoTime();
            call.run();
            t[i] = System.nanoTime() - t0;
        }
        Arrays.sort(t);
        report.add(String.format(Locale.ROOT, "%s: p50 %.1f µs, p99 %.1f µs", what, t[n / 2] / 1e3,
                t[n * 99 / 100] / 1e3));
    }

    private void write() throws Exception {
        report.forEach(System.out::println);
        Path out = Paths.get("target", "benchmark-plugins.txt");
        Files.write(out, report, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }
}
