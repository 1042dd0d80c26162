package dev.dx.plugin.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import dev.dx.api.plugin.Deadline;
import dev.dx.api.plugin.PluginException;
import dev.dx.plugin.internal.pkg.Installer;

/**
 * One installed plugin: where it came from, the newest verified package, the generation serving calls now, its state
 * and health. Calls go through {@link #call}, which counts them, keeps the generation alive until they return, and
 * reports failures so that a plugin failing again and again can be disabled.
 */
final class PluginEntry {
    /** Lifecycle state. */
    enum State {
        /** Serving calls. */
        ACTIVE,
        /** Stopped by configuration, by plugins.setEnabled or after failing repeatedly. */
        DISABLED,
        /** Its runtime is not installed or stopped. */
        WAITING,
        /** It requests permissions that were not granted. */
        DENIED,
        /** It could not be loaded, or its package was refused. */
        FAILED
    }

    /** Told about every failed call, with the number of failures in a row. */
    interface FailureListener {
        void failed(PluginEntry entry, int inARow, PluginException e);
    }

    final String id;
    final Health health = new Health();
    /** Generations loaded and perhaps still finishing calls; touched under the lifecycle's lock only. */
    final List<Generation> live = new ArrayList<>();
    final PluginServices services;
    private final FailureListener listener;
    volatile Path source;
    volatile Installer.Installed pkg;
    volatile Generation current;
    volatile Duration timeout = Duration.ofSeconds(30);
    volatile State state = State.FAILED;
    volatile String problem;
    volatile String disabledReason;

    PluginEntry(String id, PluginServices services, FailureListener listener) {
        this.id = id;
        this.services = services;
        this.listener = listener;
    }

    /**
     * Calls an export on the current generation.
     *
     * @param read turns the output into the caller's result; a failure there (bad JSON) counts as the plugin's
     */
    <T> T call(String export, String input, Function<String, T> read) {
        Generation g = acquire();
        if (g == null) {
            throw new PluginException(PluginException.Code.UNAVAILABLE, "plugin '" + id + "' is not running"
                    + (problem == null ? "" : ": " + problem));
        }
        try {
            T result = read.apply(g.loaded.invoke(export, input, Deadline.after(timeout)));
            health.success();
            return result;
        } catch (PluginException e) {
            if (e.code() != PluginException.Code.UNAVAILABLE) {
                listener.failed(this, health.failure(e), e);
            }
            throw e;
        } catch (RuntimeException e) {
            PluginException p = new PluginException(PluginException.Code.CRASHED, "plugin '" + id + "' failed: " + e, e);
            listener.failed(this, health.failure(p), p);
            throw p;
        } finally {
            g.release();
        }
    }

    private Generation acquire() {
        while (true) {
            Generation g = current;
            if (g == null || g.acquire()) {
                return g;
            }
            if (current == g) {
                return null; // closed and not replaced: stopped
            }
        }
    }
}
