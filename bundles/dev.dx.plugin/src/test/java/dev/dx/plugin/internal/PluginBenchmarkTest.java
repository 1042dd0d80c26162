package dev.dx.plugin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dx.api.hook.Hook;
import dev.dx.api.plugin.Deadline;
import dev.dx.plugin.internal.kv.KvStore;
import dev.dx.plugin.wasm.internal.WasmConfig;
import dev.dx.plugin.wasm.internal.WasmRuntime;

/**
 * Plugin figures for docs/benchmarks.md: warm latency of a trivial hook through the host (the Hook service agents
 * call) and through the runtime alone, compiled and interpreted; install to first call; heap per loaded plugin. Not
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

    private static WasmRuntime runtime(boolean compile) throws Exception {
        WasmRuntime rt = new WasmRuntime();
        WasmConfig config = (WasmConfig) Proxy.newProxyInstance(WasmConfig.class.getClassLoader(),
                new Class<?>[] {WasmConfig.class}, (p, m, a) -> m.getName().equals("compile") ? compile
                        : m.getDefaultValue());
        Method activate = WasmRuntime.class.getDeclaredMethod("activate", WasmConfig.class);
        activate.setAccessible(true); // as DS does
        activate.invoke(rt, config);
        return rt;
    }

    private Lifecycle host(Fixtures fx, KvStore kv, boolean compile) throws Exception {
        Lifecycle host = fx.lifecycle(kv, Fixtures.settings());
        host.runtimeAdded("wasm", runtime(compile));
        return host;
    }

    @Test
    void trivialHookLatency() throws Exception {
        for (boolean compile : new boolean[] {true, false}) {
            Fixtures fx = new Fixtures(Files.createTempDirectory(dir, "lat"));
            try (KvStore kv = fx.kv()) {
                Lifecycle host = host(fx, kv, compile);
                host.install(fx.dxp("echo.dxp", Fixtures.manifest("echo", "1.0.0",
                        ",\"hooks\":[\"message.inbound\"]"), Fixtures.wasm("echo")));
                Hook hook = fx.registrar.find(Hook.class, "dx.plugin.id", "echo");
                Map<String, Object> event = Map.of("agentId", "main", "sessionKey", "s1", "routingKey",
                        "agent:main:main", "text", "hello");
                String mode = compile ? "compiled" : "interpreted";
                measure("hook through the host (Hook service), " + mode,
                        () -> assertFalse(hook.handle(Hook.MESSAGE_INBOUND, event).veto()));
                PluginEntry e = host.entry("echo");
                measure("runtime alone (LoadedPlugin.invoke), " + mode, () -> assertEquals("{\"veto\":false}",
                        e.current.loaded.invoke("hook:message.inbound", HOOK_INPUT,
                                Deadline.after(java.time.Duration.ofSeconds(30)))));
                host.stopAll();
            }
        }
        write();
    }

    @Test
    void installToFirstCallAndHeapPerPlugin() throws Exception {
        for (boolean compile : new boolean[] {true, false}) {
            String mode = compile ? "compiled" : "interpreted";
            Fixtures fx = new Fixtures(Files.createTempDirectory(dir, "mem"));
            try (KvStore kv = fx.kv()) {
                Lifecycle host = host(fx, kv, compile);
                long[] firstCall = new long[12];
                for (int i = 0; i < firstCall.length; i++) {
                    Path file = fx.dxp("warm" + i + ".dxp", Fixtures.manifest("warm" + i, "1.0.0",
                            ",\"hooks\":[\"message.inbound\"]"), Fixtures.wasm("echo"));
                    long t0 = System.nanoTime();
                    host.install(file);
                    host.entry("warm" + i).call("hook:message.inbound", HOOK_INPUT, s -> s);
                    firstCall[i] = System.nanoTime() - t0;
                }
                long[] steady = Arrays.copyOfRange(firstCall, 2, firstCall.length);
                Arrays.sort(steady);
                report.add(String.format(Locale.ROOT, "install to first call (verify, unpack, load, %s, call): first "
                        + "%.1f ms, then median %.1f ms", mode, firstCall[0] / 1e6, steady[steady.length / 2] / 1e6));
                int n = 50;
                long before = usedHeap();
                long metaBefore = metaspace();
                for (int i = 0; i < n; i++) {
                    host.install(fx.dxp("p" + i + ".dxp", Fixtures.manifest("p" + i, "1.0.0",
                            ",\"hooks\":[\"message.inbound\"]"), Fixtures.wasm("echo")));
                    host.entry("p" + i).call("hook:message.inbound", HOOK_INPUT, s -> s);
                }
                long after = usedHeap();
                long metaAfter = metaspace();
                report.add(String.format(Locale.ROOT, "heap per loaded plugin (echo module, 1 page of memory, %s): "
                        + "%.0f KiB (%d plugins: %.1f MiB); metaspace per plugin %.0f KiB", mode,
                        (after - before) / 1024.0 / n, n, (after - before) / 1048576.0,
                        (metaAfter - metaBefore) / 1024.0 / n));
                host.stopAll();
            }
        }
        write();
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

    private void write() throws Exception {
        report.forEach(System.out::println);
        Path out = Paths.get("target", "benchmark-plugins.txt");
        Files.write(out, report, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }
}
