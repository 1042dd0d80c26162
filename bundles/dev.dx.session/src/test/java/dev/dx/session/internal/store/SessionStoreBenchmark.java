package dev.dx.session.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dx.api.session.HistoryQuery;
import dev.dx.api.session.NewMessage;
import dev.dx.api.session.Page;
import dev.dx.api.session.Session;
import dev.dx.api.session.SessionQuery;

/**
 * Measures the store on a real file: durable appends (single, batched, concurrent), loading a 10,000-entry session,
 * listing 10,000 sessions. Not part of the build; run it with
 * {@code mvn -pl bundles/dev.dx.session surefire:test -Dgroups=benchmark -DexcludedGroups=} and read the table it
 * prints (also written to {@code target/benchmark-sessions.md}).
 */
@Tag("benchmark")
class SessionStoreBenchmark {
    private static final String TEXT = "The quick brown fox jumps over the lazy dog. ".repeat(7); // ~315 characters

    @TempDir
    Path dir;

    private final StringBuilder table = new StringBuilder();

    @Test
    void measure() throws Exception {
        table.append("| operation | ops | median | p99 | throughput |\n|---|---|---|---|---|\n");
        SqliteSessionStore store = Stores.open(dir.resolve("bench.db"), null);
        try {
            appends(store, "single append (synchronous=FULL)", 1, 3000);
            appends(store, "batch of 10 (synchronous=FULL)", 10, 500);
            appends(store, "batch of 100 (synchronous=FULL)", 100, 100);
            concurrent(store, 4, 500);
            loads(store);
            listing(store);
            Stores.pragma(store, "synchronous = NORMAL");
            appends(store, "single append (synchronous=NORMAL, not used)", 1, 3000);
        } finally {
            Stores.close(store);
        }
        String out = table.toString();
        System.out.println("\n" + out);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "benchmark-sessions.md"), out);
    }

    private void appends(SqliteSessionStore store, String name, int batch, int ops) {
        String key = store.create("main", "bench:" + name, null).key();
        List<NewMessage> entries = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            entries.add(NewMessage.user(TEXT));
        }
        run(ops / 5, () -> time(() -> store.append(key, entries)));
        long[] t = run(ops, () -> time(() -> store.append(key, entries)));
        row(name, t, batch, "entries/s");
    }

    private void concurrent(SqliteSessionStore store, int threads, int each) throws Exception {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            keys.add(store.create("main", "bench:concurrent:" + i, null).key());
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long start = System.nanoTime();
            List<Future<long[]>> futures = new ArrayList<>();
            for (String key : keys) {
                futures.add(pool.submit(() -> run(each, () -> time(() -> store.append(key, NewMessage.user(TEXT))))));
            }
            List<Long> all = new ArrayList<>();
            for (Future<long[]> f : futures) {
                for (long v : f.get()) {
                    all.add(v);
                }
            }
            long elapsed = System.nanoTime() - start;
            long[] t = all.stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(t);
            table.append(String.format(Locale.ROOT, "| %d writers, one session each, single appends | %d | %s | %s | "
                    + "%,.0f entries/s |\n", threads, t.length, ms(t[t.length / 2]), ms(t[(int) (t.length * 0.99)]),
                    t.length / (elapsed / 1e9)));
        } finally {
            pool.shutdownNow();
        }
    }

    private void loads(SqliteSessionStore store) {
        String key = store.create("main", "bench:big", null).key();
        List<NewMessage> batch = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            batch.add(i % 2 == 0 ? NewMessage.user(TEXT) : NewMessage.assistant(TEXT));
        }
        for (int i = 0; i < 100; i++) {
            store.append(key, batch);
        }
        assertEquals(10_000, store.context(key).size());
        run(30, () -> time(() -> store.context(key)));
        row("context() of a 10,000-entry session", run(100, () -> time(() -> store.context(key))), 0, null);
        HistoryQuery all = new HistoryQuery(0, 10_000, true);
        run(30, () -> time(() -> store.history(key, all)));
        row("history() of a 10,000-entry session, one page", run(100, () -> time(() -> store.history(key, all))),
                0, null);
    }

    private void listing(SqliteSessionStore store) {
        int existing = count(store, 1000);
        for (int i = existing; i < 10_000; i++) {
            store.create(i % 2 == 0 ? "main" : "work", "bench:list:" + i, null);
        }
        assertEquals(10_000, count(store, 1000));
        SessionQuery first = new SessionQuery(null, null, null, 50, null);
        run(100, () -> time(() -> store.list(first)));
        row("list(): first page of 50 of 10,000", run(500, () -> time(() -> store.list(first))), 0, null);
        run(5, () -> time(() -> count(store, 1000)));
        row("list(): walk all 10,000 in pages of 1000", run(30, () -> time(() -> count(store, 1000))), 0, null);
        row("list(): walk all 10,000 in pages of 100", run(30, () -> time(() -> count(store, 100))), 0, null);
    }

    private static int count(SqliteSessionStore store, int pageSize) {
        int n = 0;
        String cursor = null;
        do {
            Page<Session> p = store.list(new SessionQuery(null, null, null, pageSize, cursor));
            n += p.items().size();
            cursor = p.nextCursor();
        } while (cursor != null);
        return n;
    }

    private static long[] run(int times, LongSupplier op) {
        long[] t = new long[times];
        for (int i = 0; i < times; i++) {
            t[i] = op.getAsLong();
        }
        return t;
    }

    private static long time(Runnable op) {
        long start = System.nanoTime();
        op.run();
        return System.nanoTime() - start;
    }

    private void row(String name, long[] t, int perOp, String unit) {
        long total = Arrays.stream(t).sum();
        long[] sorted = t.clone();
        Arrays.sort(sorted);
        String throughput = perOp == 0 ? String.format(Locale.ROOT, "%,.0f ops/s", t.length / (total / 1e9))
                : String.format(Locale.ROOT, "%,.0f %s", (double) t.length * perOp / (total / 1e9), unit);
        table.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s |\n", name, t.length,
                ms(sorted[sorted.length / 2]), ms(sorted[Math.min(sorted.length - 1, (int) (sorted.length * 0.99))]),
                throughput));
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
    }
}
