package dev.dx.plugin.nativelib.internal;

/**
 * The runtime's settings as plain values, so that tests and benchmarks can make them without a configuration.
 *
 * @param maxConcurrentCalls native calls running at once
 * @param maxStuckCalls      threads left behind in native code before calls are refused
 * @param maxOutputBytes     most bytes a call may return
 */
record Settings(int maxConcurrentCalls, int maxStuckCalls, int maxOutputBytes) {
    static final Settings DEFAULT = new Settings(8, 4, 4 << 20);

    static Settings of(NativeConfig c) {
        return new Settings(c.maxConcurrentCalls(), c.maxStuckCalls(), c.maxOutputBytes());
    }
}
