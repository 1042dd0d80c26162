package dev.dx.bench;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The command line of {@link GatewayLoad}. */
record Options(String url, Path tokenFile, Path home, Long pid, Duration warmup, Duration duration,
        Set<String> scenarios, int[] wsConnections, int[] httpConnections, int pipelinedConnections, int depth,
        int memoryConnections, Duration memoryDuration, Duration memoryInterval, boolean help) {

    static final List<String> SCENARIOS = List.of("ws", "http", "pipelined", "memory");

    static final String USAGE = String.join("\n",
            "Usage: java -jar dx-benchmarks.jar [options]",
            "Measures health round trips against a running DX gateway and prints a Markdown table.",
            "",
            "  --home DIR              DX home: the address comes from etc/dev.dx.gateway.cfg, the token from",
            "                          data/dx/gateway/gateway.token, the pid from karaf.pid (default $DX_HOME or ~/.dx)",
            "  --url URL               gateway address, e.g. http://127.0.0.1:31337 (overrides the home's)",
            "  --token-file FILE       file holding the token (overrides the home's)",
            "  --pid PID               gateway JVM, for its RSS and CPU (default: karaf.pid, else the only Karaf JVM)",
            "  --warmup D              warm-up before each measured period (default 5s)",
            "  --duration D            measured period of each scenario (default 20s)",
            "  --scenarios LIST        any of ws,http,pipelined,memory (default all)",
            "  --ws-connections LIST   WebSocket closed-loop connection counts (default 1,16,64)",
            "  --http-connections LIST HTTP keep-alive closed-loop thread counts (default 1,16,64)",
            "  --pipelined-connections N  WebSocket connections of the pipelined run (default 4)",
            "  --depth N               requests in flight per pipelined connection (default 16)",
            "  --memory-connections N  WebSocket closed-loop connections that load the memory run (default 16)",
            "  --memory-duration D     length of the memory run after its warm-up (default 60s)",
            "  --memory-interval D     RSS and heap sampling interval (default 5s)",
            "",
            "Durations: 20, 20s, 1.5s, 500ms, 2m.");

    static Options parse(String... args) {
        String url = null;
        Path tokenFile = null;
        Path home = null;
        Long pid = null;
        Duration warmup = Duration.ofSeconds(5);
        Duration duration = Duration.ofSeconds(20);
        Set<String> scenarios = new LinkedHashSet<>(SCENARIOS);
        int[] ws = {1, 16, 64};
        int[] http = {1, 16, 64};
        int pipelined = 4;
        int depth = 16;
        int memoryConnections = 16;
        Duration memoryDuration = Duration.ofSeconds(60);
        Duration memoryInterval = Duration.ofSeconds(5);
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                help = true;
                continue;
            }
            String value;
            int eq = a.indexOf('=');
            if (eq > 0) {
                value = a.substring(eq + 1);
                a = a.substring(0, eq);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("Option " + a + " needs a value; --help lists the options");
            }
            switch (a) {
                case "--url" -> url = value;
                case "--token-file" -> tokenFile = Paths.get(value);
                case "--home" -> home = Paths.get(value);
                case "--pid" -> pid = Long.parseLong(value);
                case "--warmup" -> warmup = duration(a, value);
                case "--duration" -> duration = duration(a, value);
                case "--scenarios" -> scenarios = scenarios(value);
                case "--ws-connections" -> ws = counts(a, value);
                case "--http-connections" -> http = counts(a, value);
                case "--pipelined-connections" -> pipelined = counts(a, value)[0];
                case "--depth" -> depth = counts(a, value)[0];
                case "--memory-connections" -> memoryConnections = counts(a, value)[0];
                case "--memory-duration" -> memoryDuration = duration(a, value);
                case "--memory-interval" -> memoryInterval = duration(a, value);
                default -> throw new IllegalArgumentException("Unknown option " + a + "; --help lists the options");
            }
        }
        if (duration.isZero() || memoryDuration.isZero() || memoryInterval.isZero()) {
            throw new IllegalArgumentException("--duration, --memory-duration and --memory-interval must be above 0");
        }
        return new Options(url, tokenFile, home, pid, warmup, duration, scenarios, ws, http, pipelined, depth,
                memoryConnections, memoryDuration, memoryInterval, help);
    }

    /** Parses {@code 20}, {@code 20s}, {@code 1.5s}, {@code 500ms} or {@code 2m}. */
    static Duration duration(String option, String v) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        try {
            if (s.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
            }
            double factor = 1;
            if (s.endsWith("s")) {
                s = s.substring(0, s.length() - 1);
            } else if (s.endsWith("m")) {
                s = s.substring(0, s.length() - 1);
                factor = 60;
            }
            double seconds = Double.parseDouble(s) * factor;
            if (seconds < 0) {
                throw new NumberFormatException();
            }
            return Duration.ofNanos(Math.round(seconds * 1e9));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a duration like 20s or 500ms, not '" + v + "'");
        }
    }

    private static int[] counts(String option, String v) {
        try {
            int[] c = Arrays.stream(v.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
            if (c.length == 0 || Arrays.stream(c).anyMatch(n -> n < 1)) {
                throw new NumberFormatException();
            }
            return c;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes positive whole numbers, e.g. 1,16,64, not '" + v + "'");
        }
    }

    private static Set<String> scenarios(String v) {
        Set<String> s = new LinkedHashSet<>();
        for (String part : v.split(",")) {
            String p = part.trim().toLowerCase(Locale.ROOT);
            if (!SCENARIOS.contains(p)) {
                throw new IllegalArgumentException("Unknown scenario '" + p + "'; choose from " + SCENARIOS);
            }
            s.add(p);
        }
        return s;
    }
}
