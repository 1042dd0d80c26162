package dev.dx.itests;

import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.Test;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ManagedService;

/**
 * Benchmark, run on demand: how long an edit of an {@code etc/dev.dx.*.cfg} file takes to reach the component
 * configured by it. Not part of {@code mvn verify}; run it with
 * {@code mvn -B verify -pl itests -am -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=ConfigReloadBench}.
 */
public class ConfigReloadBench extends DxTestSupport {
    private static final int WARMUP = 20;
    private static final int RUNS = 200;

    @Test
    public void editToComponentLatency() throws Exception {
        BlockingQueue<String> seen = new ArrayBlockingQueue<>(16);
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("service.pid", "dev.dx.bench.reload");
        ManagedService target = (Dictionary<String, ?> p) -> {
            if (p != null && p.get("value") != null) {
                seen.offer(String.valueOf(p.get("value")));
            }
        };
        ServiceRegistration<ManagedService> reg = bundleContext.registerService(ManagedService.class, target, props);
        Path file = Paths.get(System.getProperty("karaf.etc"), "dev.dx.bench.reload.cfg");
        long[] micros = new long[RUNS];
        try {
            for (int i = 0; i < WARMUP + RUNS; i++) {
                String value = "v" + i;
                Path tmp = file.resolveSibling(".bench.tmp");
                Files.writeString(tmp, "value = " + value + "\n", StandardCharsets.UTF_8);
                long t0 = System.nanoTime();
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                String got;
                do {
                    got = seen.poll(10, TimeUnit.SECONDS);
                    assertTrue("the edit reached the component", got != null);
                } while (!got.equals(value));
                if (i >= WARMUP) {
                    micros[i - WARMUP] = (System.nanoTime() - t0) / 1000;
                }
            }
        } finally {
            reg.unregister();
            Files.deleteIfExists(file);
        }
        Arrays.sort(micros);
        System.out.printf("%n| config edit → component | runs | median | p90 | p99 | max |%n|---|---|---|---|---|---|%n");
        System.out.printf("| atomic save of etc/dev.dx.bench.reload.cfg | %d | %.1f ms | %.1f ms | %.1f ms | %.1f ms |%n",
                RUNS, micros[RUNS / 2] / 1000.0, micros[RUNS * 9 / 10] / 1000.0, micros[RUNS * 99 / 100] / 1000.0,
                micros[RUNS - 1] / 1000.0);
    }
}
