package dev.dx.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

/** Renders results as Markdown. */
final class Report {
    private Report() {
    }

    /** The heading and the facts a reader needs to judge the figures: when, what, on which machine, how. */
    static String preamble(JsonNode info, Target target, ServerProcess server, Options options, int rateLimit) {
        JsonNode jvm = info.path("jvm");
        return String.format(Locale.ROOT, "## Gateway load: health round trips%n%n"
                + "- date: %s%n"
                + "- gateway: %s, DX %s on Java %s, heap max %s MiB%s%n"
                + "- client: this JVM, Java %s (%s), %d cores seen%n"
                + "- each scenario: %.1f s warm-up, then %.1f s measured; latency = request written to answer read, "
                + "every sample kept, nearest-rank percentiles%n"
                + "- CPU columns: %% of one core over the measured period (this machine has %d %%): the gateway JVM, "
                + "this client, and every other process; server CPU us/call is the gateway's CPU time per call, the "
                + "figure least disturbed by other load%n"
                + "- this gateway allows %,d requests/s per WebSocket connection (default %,d)%n",
                Instant.now().truncatedTo(ChronoUnit.SECONDS), target, info.path("version").asText("?"),
                jvm.path("java").asText("?"), mib(jvm.path("heapMaxBytes").asLong(-1)),
                server == null ? ", process not found (no RSS or CPU figures)" : ", pid " + server.pid(),
                System.getProperty("java.version"), System.getProperty("java.vm.name"),
                Runtime.getRuntime().availableProcessors(), options.warmup().toMillis() / 1000.0,
                options.duration().toMillis() / 1000.0, Runtime.getRuntime().availableProcessors() * 100, rateLimit,
                GatewayLoad.DEFAULT_REQUESTS_PER_SECOND);
    }

    static String table(List<Result> results) {
        StringBuilder sb = new StringBuilder();
        sb.append("| scenario | connections | calls | calls/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | errors "
                + "| server CPU | server CPU us/call | client CPU | other CPU |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Result r : results) {
            Latency l = r.latency();
            sb.append("| ").append(r.scenario())
                    .append(" | ").append(r.connections())
                    .append(" | ").append(String.format(Locale.ROOT, "%,d", r.calls()))
                    .append(" | ").append(String.format(Locale.ROOT, "%,.0f", r.callsPerSecond()))
                    .append(" | ").append(ms(l.percentile(50)))
                    .append(" | ").append(ms(l.percentile(90)))
                    .append(" | ").append(ms(l.percentile(99)))
                    .append(" | ").append(ms(l.percentile(99.9)))
                    .append(" | ").append(ms(l.max()))
                    .append(" | ").append(String.format(Locale.ROOT, "%,d", r.errors()))
                    .append(" | ").append(cpu(r.serverCpuPercent()))
                    .append(" | ").append(r.serverCpuPercent() < 0 || r.calls() == 0 ? "?" : String.format(Locale.ROOT,
                            "%.1f", r.serverCpuPercent() / 100 * r.seconds() * 1e6 / r.calls()))
                    .append(" | ").append(cpu(r.clientCpuPercent()))
                    .append(" | ").append(cpu(r.otherCpuPercent()))
                    .append(" |\n");
        }
        return sb.toString();
    }

    static String memory(MemoryRun.Outcome o, int connections, Duration warmup) {
        StringBuilder sb = new StringBuilder();
        Result load = o.load();
        sb.append(String.format(Locale.ROOT, "Memory under load: ws closed loop x%d (%,.0f calls/s, p99 %s ms) for "
                + "%.0f s after a %.0f s warm-up; gateway RSS and heap in use sampled every %.0f s.%n%n",
                connections, load.callsPerSecond(), ms(load.latency().percentile(99)), o.last().seconds(),
                warmup.toMillis() / 1000.0, o.samples().size() > 1 ? o.samples().get(1).seconds() : 0));
        sb.append("| t s | RSS MiB | heap used MiB |\n|---:|---:|---:|\n");
        long rssMax = 0;
        long heapMax = 0;
        long heapMin = Long.MAX_VALUE;
        for (MemoryRun.Sample s : o.samples()) {
            sb.append(String.format(Locale.ROOT, "| %.0f | %s | %s |%n", s.seconds(), mib(s.rssBytes()),
                    mib(s.heapUsedBytes())));
            rssMax = Math.max(rssMax, s.rssBytes());
            heapMax = Math.max(heapMax, s.heapUsedBytes());
            heapMin = Math.min(heapMin, s.heapUsedBytes());
        }
        sb.append(String.format(Locale.ROOT, "%nRSS: start %s MiB, end %s MiB, max %s MiB; end vs start %+.1f %% -> %s%n",
                mib(o.first().rssBytes()), mib(o.last().rssBytes()), mib(rssMax), o.rssChange() * 100,
                o.flat() ? "FLAT (within " + Math.round(MemoryRun.FLAT * 100) + " %)"
                        : "NOT FLAT (more than " + Math.round(MemoryRun.FLAT * 100) + " %)"));
        sb.append(String.format(Locale.ROOT, "Heap used: start %s MiB, end %s MiB, max %s MiB, min %s MiB "
                + "(a sawtooth between collections; the minimum is the closest to live data)%n",
                mib(o.first().heapUsedBytes()), mib(o.last().heapUsedBytes()), mib(heapMax), mib(heapMin)));
        return sb.toString();
    }

    static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
    }

    static String mib(long bytes) {
        return bytes < 0 ? "?" : String.format(Locale.ROOT, "%.1f", bytes / (1024.0 * 1024.0));
    }

    private static String cpu(double percent) {
        return percent < 0 ? "?" : String.format(Locale.ROOT, "%.0f %%", percent);
    }
}
