package dev.dx.plugin.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dx.api.net.SafeHttp;
import dev.dx.api.plugin.PluginException;
import dev.dx.api.plugin.PluginRuntime;
import dev.dx.plugin.internal.PluginEntry.State;
import dev.dx.plugin.internal.kv.KvStore;
import dev.dx.plugin.internal.pkg.Installer;
import dev.dx.plugin.internal.pkg.PackageException;

/**
 * Every plugin's state and every change to it, under one lock: install and hot reload (the new version is loaded
 * before it replaces the old one, whose calls finish), start once runtime and grants allow it, stop when they no
 * longer do, disable after repeated failures, uninstall. A version that cannot start leaves an older version that is
 * still allowed running, with the reason in its status.
 */
final class Lifecycle implements PluginEntry.FailureListener {
    private static final Logger LOG = LoggerFactory.getLogger(Lifecycle.class);

    private final Installer installer;
    private final Registrar registrar;
    private final Transitions transitions;
    private final Consumer<PluginViews.Change> events;
    private final Map<String, PluginEntry> entries = new TreeMap<>();
    private final Map<Path, String> refused = new TreeMap<>();
    private final Map<String, List<PluginRuntime>> runtimes = new HashMap<>();
    private final Map<String, Grant> grants = new HashMap<>();
    private volatile HostSettings settings;

    Lifecycle(Installer installer, Registrar registrar, KvStore kv, Supplier<SafeHttp> http, HostSettings settings,
            Consumer<PluginViews.Change> events) {
        this.installer = installer;
        this.registrar = registrar;
        this.settings = settings;
        this.events = events;
        this.transitions = new Transitions(installer, registrar, kv, http, () -> this.settings, entries::values);
    }

    void settings(HostSettings s) {
        settings = s;
    }

    /** Installs or updates from a package; a refused package is recorded, never thrown. */
    synchronized PluginViews.Change install(Path source) {
        PluginEntry old = bySource(source);
        Installer.Installed pkg;
        try {
            pkg = installer.install(source, transitions::inUse);
        } catch (PackageException | IOException | RuntimeException e) {
            String why = e instanceof PackageException ? e.getMessage() : "cannot be read: " + e;
            LOG.warn("Refused plugin package {}: {}", source.getFileName(), why);
            if (old != null) {
                // the plugin stays as it was: running if it ran, and the bad file is named in its status
                Generation running = old.current;
                old.problem = "the new " + source.getFileName() + " was refused (" + why + ")" + (running == null
                        ? "" : "; version " + running.pkg.manifest().version() + " keeps running");
                return publish(old);
            }
            refused.put(source, why);
            return publish(PluginViews.refused(source, why));
        }
        refused.remove(source);
        String id = pkg.manifest().id();
        PluginEntry e = entries.get(id);
        if (e != null && e.source != null && !e.source.equals(source) && e.source.toFile().exists()) {
            String why = "plugin '" + id + "' is already installed from " + e.source.getFileName() + "; remove one of "
                    + "the two files";
            refused.put(source, why);
            return publish(PluginViews.refused(source, why));
        }
        if (old != null && old != e) {
            remove(old, "replaced by plugin '" + id + "' from the same file");
        }
        if (e == null) {
            e = new PluginEntry(id, new PluginServices(registrar), this);
            entries.put(id, e);
        }
        e.source = source;
        e.pkg = pkg;
        transitions.start(e, grant(e.id), runtime(e));
        return publish(e);
    }

    synchronized void uninstall(Path source) {
        if (refused.remove(source) != null) {
            publish(PluginViews.removed(null, source));
        }
        PluginEntry e = bySource(source);
        if (e != null) {
            remove(e, "uninstalled");
        }
    }

    synchronized void uninstallId(String id) {
        PluginEntry e = entries.get(id);
        if (e != null) {
            remove(e, "uninstalled");
        }
    }

    synchronized void runtimeAdded(String type, PluginRuntime rt) {
        runtimes.computeIfAbsent(type, k -> new ArrayList<>()).add(rt);
        restartType(type);
    }

    synchronized void runtimeRemoved(String type, PluginRuntime rt) {
        List<PluginRuntime> l = runtimes.getOrDefault(type, List.of());
        l.remove(rt);
        restartType(type);
    }

    synchronized void grantChanged(String id, Grant g) {
        if (g == null) {
            grants.remove(id);
        } else {
            grants.put(id, g);
        }
        PluginEntry e = entries.get(id);
        if (e != null) {
            transitions.start(e, grant(e.id), runtime(e));
            publish(e);
        }
    }

    /** Enables or disables now; the caller persists the choice in the plugin's configuration. */
    synchronized void setEnabled(String id, boolean enabled) {
        PluginEntry e = entry(id);
        Grant g = grants.getOrDefault(id, Grant.NONE);
        grants.put(id, new Grant(enabled, g.networkHosts(), g.filesystemRead(), g.filesystemWrite(), g.kv(),
                g.process(), g.callTimeoutMs(), g.memoryMb()));
        if (enabled) {
            e.disabledReason = null;
            e.health.reset();
        }
        transitions.start(e, grant(e.id), runtime(e));
        publish(e);
    }

    @Override
    public void failed(PluginEntry e, int inARow, PluginException cause) {
        if (inARow < settings.maxFailures()) {
            return;
        }
        synchronized (this) {
            if (e.current == null || entries.get(e.id) != e) {
                return;
            }
            e.disabledReason = "disabled after " + inARow + " failed calls in a row (last: " + cause.code() + ": "
                    + cause.getMessage() + "); fix the plugin, then enable it again with plugins.setEnabled";
            LOG.warn("Plugin {} {}", e.id, e.disabledReason);
            transitions.stop(e, State.DISABLED, e.disabledReason);
            publish(e);
        }
    }

    /** Deletes private copies of plugins that are not installed. */
    synchronized void pruneOrphans() {
        installer.pruneAll(entries.keySet());
    }

    synchronized void stopAll() {
        for (PluginEntry e : entries.values()) {
            transitions.stop(e, State.WAITING, "the plugin host is stopping");
        }
    }

    synchronized PluginEntry entry(String id) {
        PluginEntry e = entries.get(id);
        if (e == null) {
            throw new PluginException(PluginException.Code.UNAVAILABLE, "no plugin '" + id + "' is installed; "
                    + "plugin:list shows what is");
        }
        return e;
    }

    synchronized List<PluginEntry> entries() {
        return List.copyOf(entries.values());
    }

    synchronized Map<Path, String> refused() {
        return Map.copyOf(refused);
    }

    synchronized Grant grant(String id) {
        return grants.getOrDefault(id, Grant.NONE);
    }

    private PluginRuntime runtime(PluginEntry e) {
        List<PluginRuntime> l = runtimes.getOrDefault(e.pkg.manifest().type(), List.of());
        return l.isEmpty() ? null : l.get(0);
    }

    private void restartType(String type) {
        for (PluginEntry e : entries.values()) {
            if (e.pkg != null && e.pkg.manifest().type().equals(type)) {
                transitions.start(e, grant(e.id), runtime(e));
                publish(e);
            }
        }
    }

    private void remove(PluginEntry e, String why) {
        transitions.stop(e, State.DISABLED, why);
        entries.remove(e.id);
        e.pkg = null;
        transitions.prune(e);
        LOG.info("Plugin {} {}", e.id, why);
        publish(PluginViews.removed(e.id, e.source));
    }

    private PluginEntry bySource(Path source) {
        return entries.values().stream().filter(e -> source.equals(e.source)).findFirst().orElse(null);
    }

    private PluginViews.Change publish(PluginEntry e) {
        return publish(PluginViews.change(e));
    }

    private PluginViews.Change publish(PluginViews.Change c) {
        events.accept(c);
        return c;
    }
}
