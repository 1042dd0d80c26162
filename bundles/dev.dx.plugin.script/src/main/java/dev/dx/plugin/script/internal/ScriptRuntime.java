package dev.dx.plugin.script.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dx.api.plugin.LoadedPlugin;
import dev.dx.api.plugin.PluginContext;
import dev.dx.api.plugin.PluginException;
import dev.dx.api.plugin.PluginRuntime;

/**
 * {@link PluginRuntime} for {@code script} plugins: JavaScript, one Node.js process per plugin, started from the
 * verified private copy under Node's permission model. Nothing runs until the first script plugin is loaded: node is
 * looked up and the runner written out then, so a gateway without script plugins starts no process.
 */
@Component(service = PluginRuntime.class, property = PluginRuntime.TYPE + "=script",
        configurationPid = ScriptConfig.PID)
@Designate(ocd = ScriptConfig.class)
public final class ScriptRuntime implements PluginRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(ScriptRuntime.class);
    private static final String RUNNER = "runner.js";

    private final Set<ScriptPlugin> loaded = ConcurrentHashMap.newKeySet();
    private final AtomicInteger threads = new AtomicInteger();
    private final ScheduledThreadPoolExecutor supervisor;
    private volatile Settings settings = Settings.DEFAULT;
    private volatile boolean active = true;
    private NodeBinary node;
    private Path runnerDir;

    public ScriptRuntime() {
        supervisor = new ScheduledThreadPoolExecutor(2, r -> {
            Thread t = new Thread(r, "dx-script-supervisor-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        supervisor.setRemoveOnCancelPolicy(true);
    }

    @Activate
    void activate(ScriptConfig config) {
        settings = Settings.of(config);
    }

    @Modified
    synchronized void modified(ScriptConfig config) {
        settings = Settings.of(config); // applies to plugins loaded from now on
        node = null;
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        active = false;
        for (ScriptPlugin p : List.copyOf(loaded)) {
            p.close();
        }
        supervisor.shutdownNow(); // a restart in progress kills the process it was starting
        if (!supervisor.awaitTermination(15, TimeUnit.SECONDS)) {
            LOG.warn("A script plugin restart did not end within 15 s of the runtime stopping");
        }
        synchronized (this) {
            deleteRunner();
        }
    }

    /** For tests and benchmarks: a runtime with explicit settings. */
    static ScriptRuntime with(Settings s) {
        ScriptRuntime r = new ScriptRuntime();
        r.settings = s;
        return r;
    }

    int loadedCount() {
        return loaded.size();
    }

    boolean threadsEnded() {
        return supervisor.isTerminated();
    }

    @Override
    public LoadedPlugin load(PluginContext ctx) {
        if (!active) {
            throw new PluginException(PluginException.Code.UNAVAILABLE, "the script runtime is stopping");
        }
        String entry = ctx.manifest().entry();
        if (!entry.endsWith(".js") && !entry.endsWith(".cjs") && !entry.endsWith(".mjs")) {
            throw new PluginException(PluginException.Code.INVALID, "a script plugin's entry is a .js, .cjs or .mjs "
                    + "file, not " + entry);
        }
        if (!Files.isRegularFile(ctx.entry())) {
            throw new PluginException(PluginException.Code.INVALID, "the entry file " + entry + " is not in the "
                    + "package");
        }
        Settings s = settings;
        NodeBinary n;
        Path runner;
        synchronized (this) {
            n = node == null ? (node = NodeBinary.find(s.nodePath())) : node;
            runner = runner();
        }
        int heapMb = (int) Math.max(8, Math.min(s.maxHeapMb(), ctx.limits().memoryBytes() >> 20));
        ScriptPlugin p = new ScriptPlugin(ctx.manifest().id(), Sandbox.command(n, runner, ctx, heapMb), ctx.folder(),
                ctx.host(), s, supervisor, loaded, n.version(), heapMb);
        loaded.add(p);
        try {
            p.start();
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
        LOG.debug("Loaded script plugin {} (node {}, heap cap {} MiB, pid {})", ctx.manifest().id(), n.version(),
                heapMb, p.pid());
        return p;
    }

    /** The runner, written once into a private folder (owner-only: what the plugins' node runs must stay ours). */
    private Path runner() {
        if (runnerDir != null) {
            return runnerDir.resolve(RUNNER);
        }
        try (InputStream in = ScriptRuntime.class.getResourceAsStream(RUNNER)) {
            if (in == null) {
                throw new IllegalStateException(RUNNER + " is missing from the bundle");
            }
            Path dir = Files.createTempDirectory("dx-script-runner",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.copy(in, dir.resolve(RUNNER));
            Files.setPosixFilePermissions(dir.resolve(RUNNER), PosixFilePermissions.fromString("r--------"));
            runnerDir = dir;
            return dir.resolve(RUNNER);
        } catch (IOException e) {
            throw new PluginException(PluginException.Code.UNAVAILABLE, "cannot write the script runner: " + e, e);
        }
    }

    private void deleteRunner() {
        if (runnerDir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(runnerDir)) {
            for (Path f : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            LOG.debug("Could not delete {}: {}", runnerDir, e.toString());
        }
        runnerDir = null;
    }
}
