package dev.dx.plugin.script.internal;

/**
 * The runtime's settings as plain values, so that tests and benchmarks can make them without a configuration.
 *
 * @param nodePath          the node executable, a name on the PATH or an absolute path
 * @param maxHeapMb         ceiling of any plugin's V8 heap
 * @param startTimeoutMs    how long a process may take to become ready
 * @param restartDelayMs    first delay before restarting a crashed process
 * @param maxRestartDelayMs longest delay between restarts
 * @param maxLineBytes      longest protocol line accepted from a plugin
 * @param stopGraceMs       how long a stopping process may take to exit by itself
 */
record Settings(String nodePath, int maxHeapMb, long startTimeoutMs, long restartDelayMs, long maxRestartDelayMs,
        int maxLineBytes, long stopGraceMs) {
    static final Settings DEFAULT = new Settings("node", 256, 10_000, 250, 30_000, 4 << 20, 1000);

    static Settings of(ScriptConfig c) {
        return new Settings(c.nodePath(), c.maxHeapMb(), c.startTimeoutMs(), c.restartDelayMs(),
                c.maxRestartDelayMs(), c.maxLineBytes(), c.stopGraceMs());
    }

    /** @return the delay before restart number {@code crashes} in a row: doubling, capped, with up to 20% jitter */
    long backoffMs(int crashes, double jitter) {
        double d = restartDelayMs * Math.pow(2, Math.max(0, Math.min(30, crashes - 1)));
        return (long) (Math.min(maxRestartDelayMs, d) * (1 + 0.2 * jitter));
    }
}
