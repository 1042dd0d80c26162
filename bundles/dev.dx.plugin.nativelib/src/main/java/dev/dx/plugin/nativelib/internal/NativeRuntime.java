package dev.dx.plugin.nativelib.internal;

import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.dx.api.plugin.Deadline;
import dev.dx.api.plugin.LoadedPlugin;
import dev.dx.api.plugin.PluginContext;
import dev.dx.api.plugin.PluginException;
import dev.dx.api.plugin.PluginRuntime;

/**
 * {@link PluginRuntime} for {@code native} plugins: shared libraries behind the C ABI of this package, opened through
 * JNA from the verified private copy the host hands over, and nowhere else. Settings apply when the component is
 * (re)activated, since they size the call pool all plugins share.
 */
@Component(service = PluginRuntime.class, property = PluginRuntime.TYPE + "=native",
        configurationPid = NativeConfig.PID)
@Designate(ocd = NativeConfig.class)
public final class NativeRuntime implements PluginRuntime {
    /** The C ABI version this runtime speaks; {@code dx_plugin_info()} must say {@code "abi": 1}. */
    static final int ABI = 1;

    private static final Logger LOG = LoggerFactory.getLogger(NativeRuntime.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Set<NativePlugin> loaded = ConcurrentHashMap.newKeySet();
    private Settings settings = Settings.DEFAULT;
    private CallPool pool;
    private volatile boolean active = true;

    @Activate
    void activate(NativeConfig config) {
        settings = Settings.of(config);
        pool = new CallPool(settings);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        active = false;
        for (NativePlugin p : List.copyOf(loaded)) {
            p.close();
        }
        pool.shutdown();
        if (!pool.awaitIdle(2000)) {
            LOG.warn("{} native calls are still stuck in plugin code; their threads end when the calls return",
                    pool.stuck());
        }
    }

    /** For tests and benchmarks: a runtime with explicit settings. */
    static NativeRuntime with(Settings s) {
        NativeRuntime r = new NativeRuntime();
        r.settings = s;
        r.pool = new CallPool(s);
        return r;
    }

    int loadedCount() {
        return loaded.size();
    }

    boolean threadsEnded() {
        return pool.terminated();
    }

    int stuckCalls() {
        return pool.stuck();
    }

    @Override
    public LoadedPlugin load(PluginContext ctx) {
        if (!active) {
            throw new PluginException(PluginException.Code.UNAVAILABLE, "the native runtime is stopping");
        }
        String id = ctx.manifest().id();
        if (ctx.permissions().kv()) {
            throw new PluginException(PluginException.Code.DENIED, "native plugins have no key-value store in C ABI "
                    + ABI + ": remove permissions.kv from the manifest");
        }
        if (!Files.isRegularFile(ctx.entry())) {
            throw new PluginException(PluginException.Code.INVALID, "the entry file " + ctx.manifest().entry()
                    + " is not in the package");
        }
        SharedLibrary lib = SharedLibrary.open(ctx.entry(), ctx.manifest().entry());
        NativePlugin plugin = new NativePlugin(id, ctx.manifest().entry(), lib, pool, settings.maxOutputBytes(), loaded);
        loaded.add(plugin);
        try {
            checkInfo(plugin.info(Deadline.after(ctx.limits().callTimeout())), ctx.manifest().entry());
        } catch (RuntimeException e) {
            plugin.close();
            throw e;
        }
        LOG.debug("Loaded native plugin {} from {}", id, ctx.entry());
        return plugin;
    }

    private static void checkInfo(String info, String entry) {
        JsonNode n;
        try {
            n = JSON.readTree(info);
        } catch (java.io.IOException e) {
            throw new PluginException(PluginException.Code.INVALID, "not a DX native plugin: dx_plugin_info() of "
                    + entry + " is not JSON");
        }
        if (n == null || !n.path("abi").canConvertToInt() || n.path("abi").asInt() != ABI) {
            throw new PluginException(PluginException.Code.INVALID, entry + " was built for C ABI "
                    + (n == null ? "?" : n.path("abi").asText("?")) + "; this runtime speaks ABI " + ABI
                    + " (dx_plugin_info() must return {\"abi\":" + ABI + ", ...})");
        }
    }
}
