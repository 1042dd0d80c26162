package dev.dx.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Load client for the DX gateway: {@code health} round trips over WebSocket and HTTP keep-alive, closed loop and
 * pipelined, and a memory-under-load run. It runs in its own JVM against a running gateway and prints Markdown on
 * standard output (progress goes to standard error). See {@code benchmarks/run-gateway.sh} and
 * {@code docs/benchmarks.md}.
 */
public final class GatewayLoad {
    // The gateway's defaults (GatewayConfig), to say when a run would exceed them on an instance that raised them.
    static final int DEFAULT_REQUESTS_PER_SECOND = 2000;
    static final int DEFAULT_MAX_IN_FLIGHT = 256;
    static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 64;
    private static final Duration SETTLE = Duration.ofSeconds(10);

    private final Options options;
    private final List<String> notes = new ArrayList<>();
    private Target target;
    private ServerProcess server;
    private GatewayStatus status;
    private int baselineConnections;
    private int rateLimit;

    private GatewayLoad(Options options) {
        this.options = options;
    }

    public static void main(String[] args) {
        int rc;
        try {
            Options o = Options.parse(args);
            if (o.help()) {
                System.out.println(Options.USAGE);
                rc = 0;
            } else {
                rc = new GatewayLoad(o).run();
            }
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            rc = 64;
        } catch (Window.LoadFailed e) {
            System.err.println("bench: the run failed: " + e.getMessage());
            e.getCause().printStackTrace();
            rc = 1;
        } catch (IOException e) {
            System.err.println("bench: " + e.getMessage());
            rc = 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            rc = 130;
        }
        System.exit(rc);
    }

    private int run() throws IOException, InterruptedException {
        target = Target.resolve(options);
        server = target.loopback() ? ServerProcess.locate(options.pid(), target.home()).orElse(null) : null;
        try (GatewayStatus st = new GatewayStatus(target)) {
            status = st;
            JsonNode info = status.status();
            baselineConnections = info.path("gateway").path("connections").asInt(0);
            try (WsClient probe = WsClient.open(target)) {
                rateLimit = probe.requestsPerSecond();
            }
            status.awaitConnections(baselineConnections, SETTLE);
            String loadStart = loadAverage();
            System.out.print(Report.preamble(info, target, server, options, rateLimit));
            List<Result> results = new ArrayList<>();
            MemoryRun.Outcome memory = null;
            if (options.scenarios().contains("ws")) {
                for (int n : options.wsConnections()) {
                    results.add(closedLoop("ws closed loop", n, true));
                }
            }
            if (options.scenarios().contains("http")) {
                for (int n : options.httpConnections()) {
                    results.add(closedLoop("http keep-alive closed loop", n, false));
                }
            }
            if (options.scenarios().contains("pipelined")) {
                results.add(pipelined(options.pipelinedConnections(), options.depth()));
            }
            if (options.scenarios().contains("memory")) {
                memory = memory();
            }
            System.out.println("- load average (1, 5, 15 min) at start: " + loadStart + "; at end: " + loadAverage());
            System.out.println();
            if (!results.isEmpty()) {
                System.out.println(Report.table(results));
            }
            for (String n : notes) {
                System.out.println("- " + n);
            }
            if (memory != null) {
                System.out.println();
                System.out.print(Report.memory(memory, options.memoryConnections(), options.warmup()));
            }
            return results.stream().anyMatch(r -> r.errors() > 0) ? 2 : 0;
        }
    }

    private Result closedLoop(String name, int n, boolean websocket) throws IOException, InterruptedException {
        progress(name, n);
        List<RoundTrip> connections = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                connections.add(websocket ? openWs(i, n) : new HttpRpcClient(target));
            }
            Result r = drive(name, n, connections.stream().map(Workers::closedLoop).toList(), connections);
            if (websocket) {
                checkRate(r, r.callsPerSecond() / n, "");
            } else {
                int opened = connections.stream().mapToInt(c -> ((HttpRpcClient) c).connectionsOpened()).sum();
                notes.add(String.format(Locale.ROOT, "%s x%d: %d TCP connection%s for %d thread%s, each opened once "
                        + "and kept alive for all %,d calls%s", name, n, opened, opened == 1 ? "" : "s", n,
                        n == 1 ? "" : "s", r.calls(), opened == n ? "" : " (the gateway closed some: reconnected)"));
            }
            return r;
        } finally {
            closeAll(connections);
        }
    }

    private Result pipelined(int n, int depth) throws IOException, InterruptedException {
        String name = "ws pipelined, " + depth + " in flight";
        progress(name, n);
        List<WsClient> connections = new ArrayList<>();
        try {
            List<Load.Worker> workers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                WsClient c = openWs(i, n);
                connections.add(c);
                workers.addAll(List.of(Workers.pipelined(c, depth)));
            }
            Result r = drive(name, n, workers, connections);
            checkRate(r, r.callsPerSecond() / n, depth > DEFAULT_MAX_IN_FLIGHT ? String.format(Locale.ROOT,
                    "; %d in flight is above the default maxInFlight of %d", depth, DEFAULT_MAX_IN_FLIGHT) : "");
            return r;
        } finally {
            closeAll(connections);
        }
    }

    private Result drive(String name, int n, List<Load.Worker> workers, List<? extends RoundTrip> connections)
            throws InterruptedException, IOException {
        Result r;
        try (Load load = new Load(name, n, workers, connections, server, expectedSamples(options.duration(), n))) {
            load.warmUp(options.warmup());
            r = load.measure(options.duration());
        }
        if (r.errors() > 0) {
            notes.add(String.format(Locale.ROOT, "%s x%d: %,d error answers (left out of the latencies); the first: %s",
                    name, n, r.errors(), r.firstError()));
        }
        return r;
    }

    private MemoryRun.Outcome memory() throws IOException, InterruptedException {
        if (server == null) {
            notes.add("memory: skipped, the gateway process was not found on this machine (give --pid or --home)");
            return null;
        }
        int n = options.memoryConnections();
        System.err.printf(Locale.ROOT, "bench: memory under ws closed loop x%d: %.0f s warm-up, %.0f s sampled%n", n,
                options.warmup().toMillis() / 1000.0, options.memoryDuration().toMillis() / 1000.0);
        List<WsClient> connections = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                connections.add(openWs(i, n));
            }
            MemoryRun.Outcome o = MemoryRun.run(connections, server, status, options.warmup(),
                    options.memoryDuration(), options.memoryInterval());
            if (o.load().errors() > 0) {
                notes.add(String.format(Locale.ROOT, "memory load: %,d error answers; the first: %s",
                        o.load().errors(), o.load().firstError()));
            }
            return o;
        } finally {
            closeAll(connections);
        }
    }

    /** Opens a WebSocket, retrying a refusal only while the previous scenario's connections are being released. */
    private WsClient openWs(int index, int of) throws IOException {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (true) {
            try {
                return WsClient.open(target);
            } catch (WsHandshake.Refused e) {
                if ((e.status != 429 && e.status != 503) || System.nanoTime() - deadline > 0) {
                    throw new IOException(String.format(Locale.ROOT, "The gateway refused WebSocket %d of %d (%s). "
                            + "A run of %d connections needs maxConnectionsPerAddress (default %d) and maxConnections "
                            + "of at least %d plus the %d already open", index + 1, of, e.getMessage(), of,
                            DEFAULT_MAX_CONNECTIONS_PER_ADDRESS, of, baselineConnections), e);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
    }

    private void checkRate(Result r, double perConnection, String extra) {
        if (perConnection > DEFAULT_REQUESTS_PER_SECOND || !extra.isEmpty()) {
            notes.add(String.format(Locale.ROOT, "%s x%d: %,.0f calls/s per connection%s%s", r.scenario(),
                    r.connections(), perConnection, perConnection > DEFAULT_REQUESTS_PER_SECOND ? String.format(
                            Locale.ROOT, ", above the default limit of %,d/s per connection (requestsPerSecond): at the "
                                    + "defaults the gateway would answer the excess with RATE_LIMITED errors; this "
                                    + "instance allows %,d/s", DEFAULT_REQUESTS_PER_SECOND, rateLimit) : "", extra));
        }
    }

    /** Closes the connections and waits until the gateway has let go of them, so scenarios do not overlap. */
    private void closeAll(List<? extends RoundTrip> connections) throws IOException {
        for (RoundTrip c : connections) {
            try {
                c.close();
            } catch (IOException e) {
                System.err.println("bench: closing a connection failed (" + e + "); the gateway frees it when it notices");
            }
        }
        status.awaitConnections(baselineConnections, SETTLE);
    }

    private void progress(String name, int n) {
        System.err.printf(Locale.ROOT, "bench: %s x%d: %.1f s warm-up, %.1f s measured%n", name, n,
                options.warmup().toMillis() / 1000.0, options.duration().toMillis() / 1000.0);
    }

    /** Sizes each thread's sample array for up to 60,000 calls/s in all, so it rarely grows during a run. */
    static int expectedSamples(Duration d, int threads) {
        return (int) Math.min(1 << 24, 60_000L * Math.max(1, d.toSeconds()) / threads + 1024);
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Paths.get("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
