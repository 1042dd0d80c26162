package dev.dx.memory.internal;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.dx.api.memory.Embedder;
import dev.dx.api.memory.MemoryDocument;
import dev.dx.api.memory.MemoryHit;
import dev.dx.api.memory.MemoryMetadata;
import dev.dx.api.memory.MemoryStatus;
import dev.dx.api.memory.SearchMode;
import dev.dx.api.memory.SearchOptions;
import dev.dx.memory.internal.bench.Bench;
import dev.dx.memory.internal.chunk.Chunker;
import dev.dx.memory.internal.embed.local.LocalEmbedder;
import dev.dx.memory.internal.embed.local.LocalEmbedders;
import dev.dx.memory.internal.embed.local.MiniLmModel;
import dev.dx.memory.internal.embed.local.ModelFiles;
import dev.dx.memory.internal.embed.local.WordPieceTokenizer;
import dev.dx.memory.internal.store.DocumentDb;
import dev.dx.memory.internal.store.Ids;
import dev.dx.memory.internal.work.Sources;
import dev.dx.testsupport.await.Await;
import dev.dx.testsupport.component.Configs;

/**
 * The memory benchmark (not part of the normal build): 100,000 passages of generated personal notes plus the
 * retrieval-quality notes, stored in the database, indexed from it as at a cold start, embedded with the local model,
 * then searched. Prints a Markdown report and writes it to {@code target/benchmark/results.md}.
 *
 * <pre>
 * mvn -B verify -pl bundles/dev.dx.memory -am -Dtest=MemoryBenchmarkTest -Dgroups=benchmark -DexcludedGroups= \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * Properties: {@code dx.bench.chunks} (100000), {@code dx.bench.dir} (target/benchmark; an index built before is
 * reused), {@code dx.bench.embedder} ({@code local}, or {@code hashing} for a quick run without the model),
 * {@code dx.bench.queries} (1000).
 */
@Tag("benchmark")
class MemoryBenchmarkTest {
    private static final Chunker CHUNKER = new Chunker(400, 80);
    private static final String SAMPLE_TAG = "sample3k";
    private static final int SAMPLE_SIZE = 3000;

    @Test
    void benchmark() throws Exception {
        int target = Integer.getInteger("dx.bench.chunks", 100_000);
        int queries = Integer.getInteger("dx.bench.queries", 1000);
        boolean local = !"hashing".equals(System.getProperty("dx.bench.embedder", "local"));
        Path dir = Paths.get(System.getProperty("dx.bench.dir", "target/benchmark")).toAbsolutePath();
        Files.createDirectories(dir);
        System.setProperty("karaf.data", dir.resolve("data").toString());
        Bench report = new Bench();
        report.fact("machine", Bench.machine());
        report.fact("load average at start", Bench.loadAverage());

        // 1. the sources: generated notes and the quality notes, in the database
        Path dbFile = dir.resolve("memory.db");
        Map<String, String> qualityIds = new LinkedHashMap<>();
        if (!Files.exists(dbFile)) {
            long t0 = System.nanoTime();
            int chunks = fill(dbFile, target, qualityIds);
            report.row("Stored documents (SQLite, batches of 2000)", String.format(Locale.ROOT, "%d passages in %.1f s",
                    chunks, seconds(t0)));
            Files.writeString(dir.resolve("quality-ids.txt"), String.join("\n", qualityIds.keySet()));
        } else {
            List<String> ids = Files.readAllLines(dir.resolve("quality-ids.txt"));
            for (int i = 0; i < ids.size(); i++) {
                qualityIds.put(ids.get(i), Bench.question(i));
            }
        }

        // 2. the component, as Karaf would start it
        Embedder embedder;
        LocalEmbedder localEmbedder = null;
        if (local) {
            localEmbedder = LocalEmbedders.start(Map.of("threads", 1));
            embedder = localEmbedder;
        } else {
            embedder = new HashingEmbedder("local-minilm", 384);
        }
        long rssBefore = Bench.rssKb();
        MemoryService service = new MemoryService();
        service.addEmbedder(embedder);
        Map<String, Object> cfg = new HashMap<>(Map.of("indexDir", dir.resolve("index").toString(),
                "database", dbFile.toString(), "workspaces", new String[] {dir.resolve("workspace").toString()}));
        if (Integer.getInteger("dx.bench.candidates") != null) {
            cfg.put("candidates", Integer.getInteger("dx.bench.candidates"));
        }
        report.fact("ranking", "candidates " + cfg.getOrDefault("candidates", 50) + ", weights 0.3 / 0.7");
        long t1 = System.nanoTime();
        service.activate(Configs.of(MemoryConfig.class, cfg));
        try {
            MemoryStatus s = Await.until("text index", TimeUnit.HOURS.toMillis(1), 100, () -> {
                MemoryStatus st = service.status();
                return !st.reindexing() || st.vectorsReady() || st.embedded() > 0 ? st : null;
            });
            if (s.embedded() < s.chunks() && !s.vectorsReady()) {
                report.row("Text index built from the database", String.format(Locale.ROOT,
                        "%d passages in %.1f s (%.0f passages/s)", s.chunks(), seconds(t1), s.chunks() / seconds(t1)));
                long t2 = System.nanoTime();
                long[] lastPrint = {System.nanoTime()};
                Await.until("all vectors", TimeUnit.HOURS.toMillis(3), 1000, () -> {
                    MemoryStatus p = service.status();
                    if (System.nanoTime() - lastPrint[0] > TimeUnit.SECONDS.toNanos(60)) {
                        System.out.printf(Locale.ROOT, "embedding: %d of %d (%.1f passages/s)%n", p.embedded(),
                                p.chunks(), p.indexedTotal() / seconds(t2));
                        lastPrint[0] = System.nanoTime();
                    }
                    return p.vectorsReady();
                });
                MemoryStatus done = service.status();
                report.row("Background embedding of the whole index (" + embedder.id() + ", 1 thread)",
                        String.format(Locale.ROOT, "%d passages in %.0f s: %.1f passages/s", done.indexedTotal(),
                                seconds(t2), done.indexedTotal() / seconds(t2)));
            } else {
                report.row("Index", "reused from an earlier run (" + dir.resolve("index") + ")");
            }
            MemoryStatus st = service.status();
            report.row("Passages indexed / with vectors", st.chunks() + " / " + st.embedded());
            report.row("Index size on disk", String.format(Locale.ROOT, "%.0f MB (%.0f bytes/passage)",
                    st.indexBytes() / 1e6, (double) st.indexBytes() / st.chunks()));

            // 3. throughput of the model alone, on stored passages
            if (local) {
                List<String> sample = sampleTexts(400);
                for (int threads : new int[] {1, 2}) {
                    report.row("Local model throughput, " + threads + " thread" + (threads > 1 ? "s" : "")
                            + " (400 stored passages)", String.format(Locale.ROOT, "%.1f passages/s",
                            throughput(dir, sample, threads)));
                }
            }

            // 4. latency, in steady state: after bulk embedding, Lucene merges the vector segments for a while
            long tm = System.nanoTime();
            Await.until("merges", TimeUnit.HOURS.toMillis(1), 1000, () -> !service.runtime().index().merging());
            report.row("Background merges after the bulk embedding finished", String.format(Locale.ROOT,
                    "%.0f s more", seconds(tm)));
            report.row("HNSW recall@10 against exact search (100 queries)", String.format(Locale.ROOT, "%.3f",
                    HnswRecall.measure(service.runtime().index(), embedder, Bench.queries(100))));
            Bench.Latencies lat = new Bench.Latencies();
            List<String> qs = Bench.queries(queries);
            for (SearchMode mode : List.of(SearchMode.TEXT, SearchMode.HYBRID, SearchMode.SEMANTIC)) {
                for (int i = 0; i < 200; i++) {
                    service.search(qs.get(i % qs.size()), SearchOptions.of(mode, 10));
                }
                double[] ms = new double[qs.size()];
                for (int i = 0; i < qs.size(); i++) {
                    long t = System.nanoTime();
                    service.search(qs.get(i), SearchOptions.of(mode, 10));
                    ms[i] = (System.nanoTime() - t) / 1e6;
                }
                lat.add(mode.id() + (mode == SearchMode.TEXT ? "" : " (query embedded by " + embedder.id() + ")"), ms);
            }
            double[] embedOnly = new double[200];
            for (int i = 0; i < embedOnly.length; i++) {
                long t = System.nanoTime();
                embedder.embed(List.of(qs.get(i % qs.size())));
                embedOnly[i] = (System.nanoTime() - t) / 1e6;
            }
            lat.add("query embedding alone", embedOnly);

            // 5. memory
            long heap = Bench.heapAfterGcMb();
            long rss = Bench.rssKb();
            report.fact("heap used after GC (index open, model loaded)", heap + " MB of -Xmx"
                    + ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax() / (1 << 20) + " MB");
            report.fact("process RSS", String.format(Locale.ROOT, "%d MB, of which %d MB anonymous (heap, native, "
                    + "model) and %d MB file pages (the memory-mapped index and libraries, reclaimable page cache); "
                    + "%d MB before the memory started", rss / 1024, Bench.rssKb("RssAnon") / 1024,
                    Bench.rssKb("RssFile") / 1024, rssBefore / 1024));
            if (localEmbedder != null) {
                long anonLoaded = Bench.rssKb("RssAnon");
                LocalEmbedders.stop(localEmbedder);
                long anonUnloaded = Bench.rssKb("RssAnon");
                report.fact("anonymous RSS released with the model", String.format(Locale.ROOT, "%d MB",
                        (anonLoaded - anonUnloaded) / 1024));
                service.removeEmbedder(localEmbedder);
                localEmbedder = LocalEmbedders.start(Map.of("threads", 1));
                service.addEmbedder(localEmbedder);
                embedder = localEmbedder;
            }

            // 6. retrieval quality: among all passages, and among the 3,000-note sample
            Bench.Quality quality = new Bench.Quality();
            Bench.Quality small = new Bench.Quality();
            int q = 0;
            for (Map.Entry<String, String> e : qualityIds.entrySet()) {
                String question = Bench.question(q);
                String kind = Bench.kind(q);
                q++;
                for (SearchMode mode : SearchMode.values()) {
                    for (boolean sample : new boolean[] {false, true}) {
                        SearchOptions o = new SearchOptions(mode, 5, null, null,
                                sample ? List.of(SAMPLE_TAG) : null, null, null);
                        List<String> top = service.search(question, o).hits().stream().map(MemoryHit::documentId)
                                .toList();
                        (sample ? small : quality).add(mode, kind, top.contains(e.getKey()));
                        if (Boolean.getBoolean("dx.bench.verbose") && !top.contains(e.getKey())) {
                            System.out.println("MISS " + mode.id() + (sample ? " 3k" : " all") + ": " + question);
                        }
                    }
                }
            }
            report.fact("load average at end", Bench.loadAverage());
            String md = report.markdown(lat, quality, small, target);
            System.out.println(md);
            Files.writeString(dir.resolve("results.md"), md, StandardCharsets.UTF_8);
        } finally {
            service.deactivate();
            if (localEmbedder != null) {
                LocalEmbedders.stop(localEmbedder);
            }
        }
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Generates notes until {@code target} passages, mixing in the quality notes; returns the passage count. */
    private static int fill(Path dbFile, int target, Map<String, String> qualityIds) throws Exception {
        Bench.Generator gen = new Bench.Generator(42);
        Instant now = Instant.parse("2025-11-01T12:00:00Z");
        int chunks = 0;
        int next = 0;
        int generated = 0;
        int qualityEvery = Math.max(1, target / (Bench.qualityNotes() + 1));
        try (DocumentDb db = DocumentDb.open(dbFile)) {
            List<MemoryDocument> batch = new ArrayList<>();
            List<String> hashes = new ArrayList<>();
            while (chunks < target) {
                String text;
                if (next < Bench.qualityNotes() && chunks >= (next + 1) * qualityEvery) {
                    text = Bench.note(next);
                    MemoryDocument d = new MemoryDocument(Ids.newId(), text,
                            new MemoryMetadata("note", null, "main", gen.created(now), List.of(SAMPLE_TAG)));
                    qualityIds.put(d.id(), Bench.question(next));
                    batch.add(d);
                    next++;
                } else {
                    text = gen.note();
                    // the first 3,000 notes also form a small memory, for recall at two sizes
                    List<String> tags = generated++ < SAMPLE_SIZE ? List.of(SAMPLE_TAG) : List.of();
                    batch.add(new MemoryDocument(Ids.newId(), text,
                            new MemoryMetadata("note", null, "main", gen.created(now), tags)));
                }
                hashes.add(Sources.contentHash(batch.get(batch.size() - 1)));
                chunks += CHUNKER.split(text).size();
                if (batch.size() == 2000) {
                    db.putAll(batch, hashes);
                    batch.clear();
                    hashes.clear();
                }
            }
            while (next < Bench.qualityNotes()) {
                MemoryDocument d = new MemoryDocument(Ids.newId(), Bench.note(next),
                        new MemoryMetadata("note", null, "main", gen.created(now), List.of(SAMPLE_TAG)));
                qualityIds.put(d.id(), Bench.question(next));
                batch.add(d);
                hashes.add(Sources.contentHash(d));
                next++;
            }
            db.putAll(batch, hashes);
        }
        return chunks;
    }

    /** Notes drawn from the same generator (another seed): a uniform sample of what the index holds. */
    private static List<String> sampleTexts(int n) {
        Bench.Generator gen = new Bench.Generator(4242);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(gen.note());
        }
        return out;
    }

    private static double throughput(Path dir, List<String> texts, int threads) throws Exception {
        WordPieceTokenizer tok = new WordPieceTokenizer(ModelFiles.vocabulary());
        try (MiniLmModel m = new MiniLmModel(ModelFiles.extractModel(dir.resolve("model")), tok, threads, 256, 2)) {
            m.embed(texts.subList(0, 10));
            long t = System.nanoTime();
            for (int i = 0; i < texts.size(); i += 16) {
                m.embed(texts.subList(i, Math.min(texts.size(), i + 16)));
            }
            return texts.size() / seconds(t);
        }
    }
}
