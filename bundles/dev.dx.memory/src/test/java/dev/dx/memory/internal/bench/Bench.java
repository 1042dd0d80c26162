package dev.dx.memory.internal.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import dev.dx.api.memory.SearchMode;

/** The benchmark's report and helpers: corpus, queries, quality pairs, percentiles, machine facts. */
public final class Bench {
    private final Map<String, String> facts = new LinkedHashMap<>();
    private final Map<String, String> rows = new LinkedHashMap<>();

    /** Generated notes. */
    public static final class Generator {
        private final Corpus corpus;

        public Generator(long seed) {
            corpus = new Corpus(seed);
        }

        public String note() {
            return corpus.note();
        }

        public Instant created(Instant now) {
            return corpus.created(now);
        }
    }

    public void fact(String name, String value) {
        facts.put(name, value);
    }

    public void row(String name, String value) {
        rows.put(name, value);
    }

    public static int qualityNotes() {
        return QualitySet.PAIRS.size();
    }

    public static String note(int i) {
        return QualitySet.PAIRS.get(i).note();
    }

    public static String question(int i) {
        return QualitySet.PAIRS.get(i).question();
    }

    public static String kind(int i) {
        return QualitySet.PAIRS.get(i).kind();
    }

    /** @return search queries in the style of the notes, deterministic */
    public static List<String> queries(int n) {
        Corpus c = new Corpus(7);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(c.query());
        }
        return out;
    }

    /** Latency samples per kind of search. */
    public static final class Latencies {
        final Map<String, double[]> samples = new LinkedHashMap<>();

        public void add(String name, double[] ms) {
            double[] s = ms.clone();
            Arrays.sort(s);
            samples.put(name, s);
        }

        static double pct(double[] sorted, double p) {
            int i = (int) Math.ceil(p / 100 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
        }
    }

    /** Recall@5 per mode and kind of question. */
    public static final class Quality {
        final Map<SearchMode, Map<String, int[]>> hits = new EnumMap<>(SearchMode.class);

        public void add(SearchMode mode, String kind, boolean found) {
            for (String k : List.of(kind, "all")) {
                int[] c = hits.computeIfAbsent(mode, m -> new TreeMap<>()).computeIfAbsent(k, x -> new int[2]);
                c[0] += found ? 1 : 0;
                c[1]++;
            }
        }
    }

    /** @return the report */
    public String markdown(Latencies lat, Quality quality, Quality small, int target) {
        StringBuilder sb = new StringBuilder();
        sb.append("Run ").append(LocalDate.now()).append(", target ").append(target).append(" passages.\n\n");
        for (Map.Entry<String, String> f : facts.entrySet()) {
            sb.append("- ").append(f.getKey()).append(": ").append(f.getValue()).append('\n');
        }
        sb.append("\n| measurement | result |\n|---|---|\n");
        rows.forEach((k, v) -> sb.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        sb.append("\n| search (limit 10) | p50 ms | p90 ms | p99 ms | max ms | n |\n|---|---:|---:|---:|---:|---:|\n");
        lat.samples.forEach((k, s) -> sb.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f | %d |%n",
                k, Latencies.pct(s, 50), Latencies.pct(s, 90), Latencies.pct(s, 99), s[s.length - 1], s.length)));
        recall(sb, "recall@5 among all " + target + " passages", quality);
        recall(sb, "recall@5 among 3,000 notes", small);
        return sb.toString();
    }

    private static void recall(StringBuilder sb, String title, Quality quality) {
        sb.append("\n| ").append(title).append(" | text | semantic | hybrid |\n|---|---:|---:|---:|\n");
        for (String kind : List.of("words", "paraphrase", "cjk", "all")) {
            sb.append("| ").append(kind.equals("all") ? "**all " + count(quality, kind) + " questions**"
                    : kind + " (" + count(quality, kind) + ")");
            for (SearchMode m : List.of(SearchMode.TEXT, SearchMode.SEMANTIC, SearchMode.HYBRID)) {
                int[] c = quality.hits.getOrDefault(m, Map.of()).getOrDefault(kind, new int[2]);
                sb.append(String.format(Locale.ROOT, " | %.2f (%d/%d)", c[1] == 0 ? 0 : (double) c[0] / c[1], c[0], c[1]));
            }
            sb.append(" |\n");
        }
    }

    private static int count(Quality q, String kind) {
        return q.hits.getOrDefault(SearchMode.TEXT, Map.of()).getOrDefault(kind, new int[2])[1];
    }

    /** @return cores, CPU model, JVM */
    public static String machine() {
        String cpu = "?";
        try {
            for (String l : Files.readAllLines(Paths.get("/proc/cpuinfo"))) {
                if (l.startsWith("model name")) {
                    cpu = l.substring(l.indexOf(':') + 1).strip();
                    break;
                }
            }
        } catch (IOException e) {
            cpu = "unknown CPU";
        }
        String xmx = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-Xmx")).reduce((a, b) -> b).orElse("default heap");
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), " + System.getProperty("java.vm.name")
                + " " + System.getProperty("java.version") + ", " + xmx + ", ONNX Runtime "
                + ai.onnxruntime.OrtEnvironment.getEnvironment().getVersion();
    }

    /** @return the 1/5/15-minute load averages (other work on the machine) */
    public static String loadAverage() {
        try {
            String[] f = Files.readString(Paths.get("/proc/loadavg")).split(" ");
            return f[0] + " / " + f[1] + " / " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** @return resident set size of this process in kB */
    public static long rssKb() {
        return rssKb("VmRSS");
    }

    /** @return a memory figure of /proc/self/status (VmRSS, RssAnon, RssFile) in kB */
    public static long rssKb(String field) {
        try {
            for (String l : Files.readAllLines(Paths.get("/proc/self/status"))) {
                if (l.startsWith(field + ":")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    /** @return heap used after two full collections, in MB */
    public static long heapAfterGcMb() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1 << 20);
    }
}
