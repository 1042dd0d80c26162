package dev.dx.plugin.wasm.internal;

/**
 * The runtime's settings as plain values, so that tests and benchmarks can make them without a configuration.
 *
 * @param maxMemoryPages ceiling of any plugin's memory in 64 KiB pages
 * @param compile        whether to compile to bytecode (else interpret)
 * @param stackBytes     Java stack size of a call thread
 * @param maxOutputBytes most bytes crossing the boundary in one piece
 * @param stopGraceMs    how long a timed-out call may take to stop
 */
record Settings(int maxMemoryPages, boolean compile, long stackBytes, int maxOutputBytes, long stopGraceMs) {
    static final Settings DEFAULT = new Settings(1024, true, 1024 * 1024, 4 << 20, 2000);

    static Settings of(WasmConfig c) {
        return new Settings(c.maxMemoryPages(), c.compile(), c.stackKb() * 1024L, c.maxOutputBytes(), c.stopGraceMs());
    }

    Settings interpreted() {
        return new Settings(maxMemoryPages, false, stackBytes, maxOutputBytes, stopGraceMs);
    }
}
