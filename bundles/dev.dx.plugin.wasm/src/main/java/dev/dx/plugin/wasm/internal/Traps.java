package dev.dx.plugin.wasm.internal;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.wasm.ChicoryException;

import dev.dx.api.plugin.PluginException;

/** Turns whatever ended a plugin call abnormally into the {@link PluginException} its caller sees. */
final class Traps {
    private Traps() {
    }

    /**
     * @param t      what the call thread caught
     * @param export the export that was called
     * @param closed whether the plugin was closed meanwhile
     */
    static PluginException translate(Throwable t, String export, boolean closed) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof PluginException) {
                return (PluginException) c;
            }
        }
        if (closed) {
            return new PluginException(PluginException.Code.UNAVAILABLE, "the plugin was stopped during the call of "
                    + export);
        }
        if (t instanceof ChicoryInterruptedException || t instanceof InterruptedException) {
            return new PluginException(PluginException.Code.TIMEOUT, export + " did not finish within its deadline "
                    + "and was stopped");
        }
        if (t instanceof StackOverflowError || (t instanceof ChicoryException && t.getCause() instanceof StackOverflowError)) {
            return new PluginException(PluginException.Code.TRAP, export + " trapped: call stack exhausted (too deep "
                    + "recursion)");
        }
        if (t instanceof ChicoryException) {
            return new PluginException(PluginException.Code.TRAP, export + " trapped: " + t.getMessage());
        }
        if (t instanceof OutOfMemoryError) {
            return new PluginException(PluginException.Code.CRASHED, export + " ran the gateway out of Java heap; "
                    + "lower its memoryMb", t);
        }
        return new PluginException(PluginException.Code.CRASHED, export + " failed in the WASM runtime: " + t, t);
    }
}
