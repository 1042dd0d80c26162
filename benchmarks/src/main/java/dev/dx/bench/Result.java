package dev.dx.bench;

/**
 * The figures of one scenario.
 *
 * @param calls            successful calls completed inside the measured period
 * @param errors           error answers in that period (not in the latencies)
 * @param serverCpuPercent CPU the gateway process used, in % of one core (200 = both cores of a 2-core machine);
 *                         negative when unknown
 * @param clientCpuPercent the same for this load client
 * @param otherCpuPercent  the same for every other process of the machine: contention the figures suffered
 */
record Result(String scenario, int connections, long calls, long errors, double seconds, Latency latency,
        double serverCpuPercent, double clientCpuPercent, double otherCpuPercent, String firstError) {

    double callsPerSecond() {
        return seconds > 0 ? calls / seconds : 0;
    }
}
