package dev.dx.plugin.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.dx.api.plugin.PluginException;

/** Call counters of one plugin; a run of failures in a row disables it. */
final class Health {
    private long calls;
    private long failures;
    private int inARow;
    private String lastError;
    private Instant lastErrorAt;

    synchronized void success() {
        calls++;
        inARow = 0;
    }

    /** @return failures in a row, this one included */
    synchronized int failure(PluginException e) {
        calls++;
        failures++;
        lastError = e.code() + ": " + e.getMessage();
        lastErrorAt = Instant.now();
        return ++inARow;
    }

    synchronized void reset() {
        inARow = 0;
    }

    synchronized int inARow() {
        return inARow;
    }

    synchronized Map<String, Object> view() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("calls", calls);
        m.put("failures", failures);
        m.put("failuresInARow", inARow);
        m.put("lastError", lastError);
        m.put("lastErrorAt", lastErrorAt == null ? null : lastErrorAt.toString());
        return m;
    }
}
