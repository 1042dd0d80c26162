package dev.dx.plugin.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.dx.api.plugin.LoadedPlugin;
import dev.dx.api.plugin.PluginRuntime;
import dev.dx.plugin.internal.pkg.Installer;

/**
 * One loaded version of a plugin, reference-counted: the host holds one reference while the generation is current,
 * every call holds one while it runs. Retiring drops the host's reference; the instance is closed when the last call
 * returns, so a hot reload never cuts a call short.
 */
final class Generation {
    final Installer.Installed pkg;
    final LoadedPlugin loaded;
    final Grant grant;
    final PluginRuntime runtime;
    private final AtomicInteger refs = new AtomicInteger(1);
    private final AtomicBoolean retired = new AtomicBoolean();

    Generation(Installer.Installed pkg, LoadedPlugin loaded, Grant grant, PluginRuntime runtime) {
        this.pkg = pkg;
        this.loaded = loaded;
        this.grant = grant;
        this.runtime = runtime;
    }

    /** @return whether a call may use this generation (then it must {@link #release()} it) */
    boolean acquire() {
        while (true) {
            int r = refs.get();
            if (r == 0) {
                return false;
            }
            if (refs.compareAndSet(r, r + 1)) {
                return true;
            }
        }
    }

    void release() {
        if (refs.decrementAndGet() == 0) {
            loaded.close();
        }
    }

    /** Drops the host's reference, once. */
    void retire() {
        if (retired.compareAndSet(false, true)) {
            release();
        }
    }

    /** @return whether the instance is still open (current, or finishing calls after a retirement) */
    boolean open() {
        return refs.get() > 0;
    }
}
