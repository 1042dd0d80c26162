package dev.dx.gateway.internal.metrics;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

import org.osgi.service.component.annotations.Component;

/**
 * Gateway counters, kept with {@link LongAdder}s so the hot path never contends, and rendered in the Prometheus text
 * format. Labels are method names and error codes only: never a token, address or message content.
 */
@Component(service = GatewayMetrics.class)
public final class GatewayMetrics {
    /** Upper bounds of the latency histogram, in seconds. */
    static final double[] BUCKETS = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
        1, 2.5, 5, 10, 30};

    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
    private final Map<String, Histogram> latency = new ConcurrentHashMap<>();
    private final LongAdder authFailures = new LongAdder();
    private final LongAdder lockouts = new LongAdder();
    private final LongAdder slowDrops = new LongAdder();
    private final LongAdder eventsSent = new LongAdder();
    private final LongAdder rejectedUpgrades = new LongAdder();
    private final long startNanos = System.nanoTime();
    private volatile IntSupplier connections = () -> 0;

    private static final class Histogram {
        final LongAdder[] counts = new LongAdder[BUCKETS.length + 1];
        final LongAdder sumNanos = new LongAdder();

        Histogram() {
            for (int i = 0; i < counts.length; i++) {
                counts[i] = new LongAdder();
            }
        }

        void observe(long nanos) {
            double s = nanos / 1e9;
            int i = 0;
            while (i < BUCKETS.length && s > BUCKETS[i]) {
                i++;
            }
            counts[i].increment();
            sumNanos.add(nanos);
        }
    }

    /** Records one finished call; {@code outcome} is {@code ok} or an error code name. */
    public void call(String method, String outcome, long nanos) {
        calls.computeIfAbsent(method + '\u0000' + outcome, k -> new LongAdder()).increment();
        latency.computeIfAbsent(method, k -> new Histogram()).observe(nanos);
    }

    public void authFailure() {
        authFailures.increment();
    }

    public void lockout() {
        lockouts.increment();
    }

    public void slowConsumerDropped() {
        slowDrops.increment();
    }

    public void eventSent() {
        eventsSent.increment();
    }

    public void upgradeRejected() {
        rejectedUpgrades.increment();
    }

    /** Where the live connection count comes from. */
    public void connections(IntSupplier supplier) {
        this.connections = supplier == null ? () -> 0 : supplier;
    }

    public long slowConsumerDrops() {
        return slowDrops.sum();
    }

    public long authFailures() {
        return authFailures.sum();
    }

    /** @return every metric in the Prometheus text exposition format 0.0.4 */
    public String render() {
        StringBuilder sb = new StringBuilder(4096);
        sb.append("# HELP dx_gateway_requests_total JSON-RPC calls by method and outcome\n");
        sb.append("# TYPE dx_gateway_requests_total counter\n");
        new TreeMap<>(calls).forEach((k, v) -> {
            int sep = k.indexOf('\u0000');
            sb.append("dx_gateway_requests_total{method=\"").append(escape(k.substring(0, sep)))
                    .append("\",outcome=\"").append(escape(k.substring(sep + 1))).append("\"} ").append(v.sum()).append('\n');
        });
        sb.append("# HELP dx_gateway_request_duration_seconds JSON-RPC call latency\n");
        sb.append("# TYPE dx_gateway_request_duration_seconds histogram\n");
        new TreeMap<>(latency).forEach((m, h) -> {
            long cumulative = 0;
            String label = escape(m);
            for (int i = 0; i < BUCKETS.length; i++) {
                cumulative += h.counts[i].sum();
                sb.append("dx_gateway_request_duration_seconds_bucket{method=\"").append(label).append("\",le=\"")
                        .append(BUCKETS[i]).append("\"} ").append(cumulative).append('\n');
            }
            cumulative += h.counts[BUCKETS.length].sum();
            sb.append("dx_gateway_request_duration_seconds_bucket{method=\"").append(label).append("\",le=\"+Inf\"} ")
                    .append(cumulative).append('\n');
            sb.append("dx_gateway_request_duration_seconds_sum{method=\"").append(label).append("\"} ")
                    .append(String.format(Locale.ROOT, "%.6f", h.sumNanos.sum() / 1e9)).append('\n');
            sb.append("dx_gateway_request_duration_seconds_count{method=\"").append(label).append("\"} ")
                    .append(cumulative).append('\n');
        });
        counter(sb, "dx_gateway_auth_failures_total", "Failed authentications", authFailures.sum());
        counter(sb, "dx_gateway_lockouts_total", "Clients locked out after repeated failures", lockouts.sum());
        counter(sb, "dx_gateway_slow_consumer_drops_total", "WebSocket clients dropped for not reading", slowDrops.sum());
        counter(sb, "dx_gateway_events_sent_total", "Event notifications sent to clients", eventsSent.sum());
        counter(sb, "dx_gateway_upgrades_rejected_total", "WebSocket upgrades refused (origin, auth, limits)",
                rejectedUpgrades.sum());
        gauge(sb, "dx_gateway_connections", "Open WebSocket connections", connections.getAsInt());
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        gauge(sb, "dx_jvm_heap_used_bytes", "JVM heap in use", heap.getUsed());
        gauge(sb, "dx_jvm_heap_max_bytes", "JVM heap limit", heap.getMax());
        gauge(sb, "dx_jvm_threads", "JVM live threads", ManagementFactory.getThreadMXBean().getThreadCount());
        gauge(sb, "dx_gateway_uptime_seconds", "Seconds since the gateway started", (System.nanoTime() - startNanos) / 1_000_000_000L);
        return sb.toString();
    }

    private static void counter(StringBuilder sb, String name, String help, long value) {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
        sb.append("# TYPE ").append(name).append(" counter\n").append(name).append(' ').append(value).append('\n');
    }

    private static void gauge(StringBuilder sb, String name, String help, long value) {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
        sb.append("# TYPE ").append(name).append(" gauge\n").append(name).append(' ').append(value).append('\n');
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
