package dev.dx.plugin.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dx.api.net.SafeHttp;
import dev.dx.api.plugin.PluginContext;
import dev.dx.api.plugin.PluginException;
import dev.dx.api.plugin.PluginLimits;
import dev.dx.api.plugin.PluginManifest;
import dev.dx.api.plugin.PluginRuntime;
import dev.dx.plugin.internal.PluginEntry.State;
import dev.dx.plugin.internal.kv.KvStore;
import dev.dx.plugin.internal.pkg.Installer;

/**
 * The state changes of one plugin, run by {@link Lifecycle} under its lock: start (or hot-swap to) the newest
 * package when its grant and runtime allow it, stop when they no longer do, and tidy up private copies no one uses.
 */
final class Transitions {
    private static final Logger LOG = LoggerFactory.getLogger(Transitions.class);

    private final Installer installer;
    private final Registrar registrar;
    private final KvStore kv;
    private final Supplier<SafeHttp> http;
    private final Supplier<HostSettings> settings;
    private final Supplier<Collection<PluginEntry>> entries;

    Transitions(Installer installer, Registrar registrar, KvStore kv, Supplier<SafeHttp> http,
            Supplier<HostSettings> settings, Supplier<Collection<PluginEntry>> entries) {
        this.installer = installer;
        this.registrar = registrar;
        this.kv = kv;
        this.http = http;
        this.settings = settings;
        this.entries = entries;
    }

    /**
     * Brings the plugin to what its package, grant and runtime allow now.
     *
     * @param g  the plugin's grant
     * @param rt the runtime for its type, or {@code null}
     */
    void start(PluginEntry e, Grant g, PluginRuntime rt) {
        Installer.Installed pkg = e.pkg;
        PluginManifest m = pkg.manifest();
        if (!g.enabled()) {
            stop(e, State.DISABLED, "disabled (enabled=false in etc/dev.dx.plugin-" + e.id + ".cfg); enable it with "
                    + "plugins.setEnabled");
            return;
        }
        if (e.disabledReason != null) {
            stop(e, State.DISABLED, e.disabledReason);
            return;
        }
        if (rt == null) {
            stop(e, State.WAITING, "waiting for the " + m.type() + " runtime: feature:install dx-plugin-" + m.type());
            return;
        }
        Generation cur = e.current;
        if (cur != null && cur.pkg.digest().equals(pkg.digest()) && cur.grant.equals(g) && cur.runtime == rt) {
            e.state = State.ACTIVE;
            e.problem = null;
            return;
        }
        List<String> missing = Permissions.missing(m.permissions(), g);
        String conflict = conflict(e, m);
        if (!missing.isEmpty() || conflict != null) {
            refuseStart(e, missing.isEmpty() ? State.FAILED : State.DENIED,
                    missing.isEmpty() ? conflict : Permissions.problem(e.id, missing), g, rt);
            return;
        }
        Duration timeout = g.callTimeoutMs() > 0 ? Duration.ofMillis(g.callTimeoutMs()) : settings.get().defaultTimeout();
        Generation gen;
        try {
            HostCallbacks host = new HostCallbacks(e.id, m.permissions(), kv, http);
            gen = new Generation(pkg, rt.load(new PluginContext(m, pkg.folder(), m.permissions(),
                    new PluginLimits(g.memoryMb() * (1L << 20), timeout), host)), g, rt);
        } catch (RuntimeException ex) {
            String why = ex instanceof PluginException ? ((PluginException) ex).code() + ": " + ex.getMessage()
                    : ex.toString();
            LOG.warn("Plugin {} {} could not be loaded: {}", e.id, m.version(), why);
            refuseStart(e, State.FAILED, "version " + m.version() + " could not be loaded: " + why, g, rt);
            return;
        }
        e.timeout = timeout;
        e.current = gen;
        e.live.add(gen);
        e.services.update(e, m);
        e.state = State.ACTIVE;
        e.problem = null;
        e.health.reset();
        if (cur != null) {
            cur.retire();
        }
        prune(e);
        LOG.info("Plugin {} {} started ({} tools, {} methods, {} hooks)", e.id, m.version(), m.tools().size(),
                m.methods().size(), m.hooks().size());
    }

    /** A version that cannot start: an older one still allowed keeps serving, otherwise the plugin stops. */
    private void refuseStart(PluginEntry e, State state, String why, Grant g, PluginRuntime rt) {
        Generation cur = e.current;
        if (cur != null && !cur.pkg.digest().equals(e.pkg.digest()) && cur.runtime == rt
                && Permissions.missing(cur.pkg.manifest().permissions(), g).isEmpty()) {
            e.problem = why + "; version " + cur.pkg.manifest().version() + " keeps running";
            return;
        }
        stop(e, state, why);
    }

    /** Unregisters the plugin's services and retires its generation; calls in progress finish. */
    void stop(PluginEntry e, State state, String why) {
        Generation cur = e.current;
        e.current = null;
        e.services.clear();
        if (cur != null) {
            cur.retire();
        }
        e.state = state;
        e.problem = why;
    }

    private String conflict(PluginEntry e, PluginManifest m) {
        for (PluginManifest.ToolEntry t : m.tools()) {
            for (PluginEntry other : entries.get()) {
                if (other != e && other.services.toolNames().contains(t.name())) {
                    return "tool '" + t.name() + "' is already provided by plugin '" + other.id + "'; rename it";
                }
            }
            if (!e.services.toolNames().contains(t.name())) {
                String owner = registrar.toolOwner(t.name());
                if (owner != null) {
                    return "tool '" + t.name() + "' is already provided by " + owner + "; rename it";
                }
            }
        }
        return null;
    }

    /** @return whether a generation still open runs from {@code folder} */
    boolean inUse(Path folder) {
        return entries.get().stream().anyMatch(e -> e.live.stream().anyMatch(g -> g.open()
                && g.pkg.folder().equals(folder)));
    }

    /** Deletes private copies no generation uses and that are not the newest package. */
    void prune(PluginEntry e) {
        e.live.removeIf(g -> !g.open());
        List<Path> keep = new ArrayList<>();
        e.live.forEach(g -> keep.add(g.pkg.folder()));
        if (e.pkg != null) {
            keep.add(e.pkg.folder());
        }
        installer.prune(e.id, keep);
    }

}
