package dev.dx.secrets.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.dx.secrets.internal.crypto.Argon2Params;
import dev.dx.secrets.internal.crypto.Keys;

/**
 * Unlock time with the production Argon2id parameters, and get/set latency. Not part of the default build:
 * {@code mvn -pl bundles/dev.dx.secrets surefire:test -Dgroups=benchmark -DexcludedGroups=}. Figures go to standard
 * output and to {@code target/benchmark-secrets.txt}; docs/benchmarks.md records them.
 */
@Tag("benchmark")
class SecretsBenchmarkTest {
    private static final char[] PASSWORD = "benchmark master password".toCharArray();
    private final List<String> report = new ArrayList<>();

    private static Path dir(String name) throws IOException {
        // under target/, on the real disk: /tmp may be a RAM disk, which would flatter fsync
        Path d = Paths.get("target", "benchmark", name).toAbsolutePath();
        if (Files.exists(d)) {
            try (var files = Files.walk(d)) {
                files.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return Files.createDirectories(d);
    }

    private static Vault vault(Path file, Argon2Params params) {
        return new Vault(new AtomicFile(file), params, new Throttle(new Throttle.Policy(1000, 1, 1), System::nanoTime),
                new VaultListener() {
                    @Override
                    public void unlocked() {
                    }

                    @Override
                    public void locked() {
                    }

                    @Override
                    public void changed(String name, String action) {
                    }
                });
    }

    @Test
    void measure() throws Exception {
        line("machine: %d cores, Java %s, %s, max heap %d MiB, load average before: %s",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                System.getProperty("os.name"), Runtime.getRuntime().maxMemory() >> 20, loadAverage());
        argon2Costs();
        Path file = dir("store").resolve("secrets.store");
        Argon2Params production = Argon2Params.of(65_536, 3, 2);
        Vault v = vault(file, production);
        v.unlock(PASSWORD);
        for (int i = 0; i < 50; i++) {
            v.set("service" + i + ".api-key", ("sk-bench-" + i + "-" + "x".repeat(40)).toCharArray());
        }
        unlockTimes(file, production);
        getLatency(v);
        setLatency(v);
        line("load average after: %s", loadAverage());
        Files.write(Paths.get("target", "benchmark-secrets.txt"), report);
    }

    /** Key derivation alone, for the parameter choice. */
    private void argon2Costs() {
        byte[] salt = new byte[16];
        int[][] choices = {{65_536, 1, 1}, {65_536, 2, 2}, {65_536, 3, 1}, {65_536, 3, 2}, {65_536, 3, 4},
            {65_536, 4, 2}, {131_072, 3, 2}};
        for (int[] c : choices) {
            Keys.derive(PASSWORD, salt, c[0], c[1], c[2]).wipe(); // warm-up
            long[] t = new long[5];
            for (int i = 0; i < t.length; i++) {
                long start = System.nanoTime();
                Keys.derive(PASSWORD, salt, c[0], c[1], c[2]).wipe();
                t[i] = System.nanoTime() - start;
            }
            line("argon2id m=%d MiB t=%d p=%d: median %s", c[0] >> 10, c[1], c[2], ms(median(t)));
        }
    }

    /** A full unlock of a 50-secret store: read, parse, Argon2id, key check, file MAC, every GCM tag. */
    private void unlockTimes(Path file, Argon2Params params) {
        long[] t = new long[10];
        for (int i = -2; i < t.length; i++) {
            Vault v = vault(file, params);
            long start = System.nanoTime();
            v.unlock(PASSWORD);
            if (i >= 0) {
                t[i] = System.nanoTime() - start;
            }
            v.close();
        }
        long[] sorted = t.clone();
        java.util.Arrays.sort(sorted);
        line("unlock (%s, 50 secrets), 10 runs after 2 warm-up: min %s, median %s, max %s", params,
                ms(sorted[0]), ms(median(t)), ms(sorted[sorted.length - 1]));
    }

    private void getLatency(Vault v) throws Exception {
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            v.get("service" + (i % 50) + ".api-key");
        }
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            v.get("service" + (i % 50) + ".api-key");
        }
        long one = System.nanoTime() - start;
        line("get, 1 thread: %.2f µs/op (%d ops)", one / 1000.0 / n, n);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            start = System.nanoTime();
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                fs.add(pool.submit(() -> {
                    for (int i = 0; i < n; i++) {
                        assertEquals(Optional.class, v.get("service" + (i % 50) + ".api-key").getClass());
                    }
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
            long two = System.nanoTime() - start;
            line("get, 2 threads: %.0f ops/s in total (%.2f µs/op per thread)", 2.0 * n / (two / 1e9),
                    two / 1000.0 / n);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Each set re-encrypts one value and rewrites the 50-secret file: write, fsync, rename, fsync of the folder. */
    private void setLatency(Vault v) {
        int n = 200;
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            v.set("service" + (i % 50) + ".api-key", ("sk-bench-new-" + i).toCharArray());
            t[i] = System.nanoTime() - start;
        }
        long[] sorted = t.clone();
        java.util.Arrays.sort(sorted);
        line("set (durable, 50-secret file on disk): median %s, p90 %s, max %s", ms(median(t)),
                ms(sorted[n * 9 / 10]), ms(sorted[n - 1]));
    }

    private static String loadAverage() throws IOException {
        Path p = Paths.get("/proc/loadavg");
        return Files.isReadable(p) ? Files.readString(p).trim() : "unknown";
    }

    private static long median(long[] t) {
        long[] s = t.clone();
        java.util.Arrays.sort(s);
        return s[s.length / 2];
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }

    private void line(String format, Object... args) {
        String s = String.format(Locale.ROOT, format, args);
        report.add(s);
        System.out.println(s);
    }
}
