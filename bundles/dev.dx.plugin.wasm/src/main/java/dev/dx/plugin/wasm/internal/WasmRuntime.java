package dev.dx.plugin.wasm.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;

import dev.dx.api.plugin.Deadline;
import dev.dx.api.plugin.LoadedPlugin;
import dev.dx.api.plugin.PluginContext;
import dev.dx.api.plugin.PluginException;
import dev.dx.api.plugin.PluginRuntime;

/**
 * {@link PluginRuntime} for {@code wasm} plugins, on Chicory. Loading parses and checks the module against the ABI,
 * compiles it to JVM bytecode (unless {@code compile=false}) and instantiates it once; each call then runs under the
 * plugin's memory cap, on its own thread and stack, until its deadline.
 */
@Component(service = PluginRuntime.class, property = PluginRuntime.TYPE + "=wasm", configurationPid = WasmConfig.PID)
@Designate(ocd = WasmConfig.class)
public final class WasmRuntime implements PluginRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(WasmRuntime.class);

    private final Set<WasmPlugin> loaded = ConcurrentHashMap.newKeySet();
    private volatile Settings settings = Settings.DEFAULT;
    private volatile boolean active = true;

    @Activate
    void activate(WasmConfig config) {
        settings = Settings.of(config);
    }

    @Modified
    void modified(WasmConfig config) {
        settings = Settings.of(config); // applies to plugins loaded from now on
    }

    @Deactivate
    void deactivate() {
        active = false;
        for (WasmPlugin p : List.copyOf(loaded)) {
            p.close();
        }
    }

    /** For tests and benchmarks: a runtime with explicit settings. */
    static WasmRuntime with(Settings s) {
        WasmRuntime r = new WasmRuntime();
        r.settings = s;
        return r;
    }

    @Override
    public LoadedPlugin load(PluginContext ctx) {
        if (!active) {
            throw new PluginException(PluginException.Code.UNAVAILABLE, "the WASM runtime is stopping");
        }
        if (!ctx.permissions().filesystemRead().isEmpty() || !ctx.permissions().filesystemWrite().isEmpty()
                || ctx.permissions().process()) {
            throw new PluginException(PluginException.Code.DENIED, "WASM plugins have no filesystem or process "
                    + "access: remove permissions.filesystem and permissions.process from the manifest");
        }
        Settings s = settings;
        String id = ctx.manifest().id();
        WasmModule module;
        try {
            module = Parser.parse(Files.readAllBytes(ctx.entry()));
        } catch (IOException e) {
            throw new PluginException(PluginException.Code.INVALID, "cannot read " + ctx.manifest().entry(), e);
        } catch (ChicoryException e) {
            throw ModuleCheck.invalid(ctx.manifest().entry() + " is not a valid WebAssembly module ("
                    + e.getMessage() + ")");
        }
        int cap = (int) Math.max(1, Math.min(s.maxMemoryPages(), ctx.limits().memoryBytes() / 65536));
        boolean hasFree = ModuleCheck.check(module, cap, HostImports.TYPES);
        Function<Instance, Machine> machine = s.compile() ? compile(module, id) : null;
        WasmPlugin plugin = new WasmPlugin(id, module, machine, ctx.host(), cap, hasFree, s);
        plugin.onClose(() -> loaded.remove(plugin));
        loaded.add(plugin);
        try {
            plugin.warmUp(Deadline.after(ctx.limits().callTimeout()));
        } catch (PluginException e) {
            plugin.close();
            throw e.code() == PluginException.Code.TRAP
                    ? new PluginException(PluginException.Code.INVALID, "the module cannot be instantiated: "
                            + e.getMessage(), e)
                    : e;
        }
        LOG.debug("Loaded WASM plugin {} ({}, cap {} pages)", id, machine == null ? "interpreted" : "compiled", cap);
        return plugin;
    }

    private static Function<Instance, Machine> compile(WasmModule module, String id) {
        try {
            return MachineFactoryCompiler.builder(module).withInterpreterFallback(InterpreterFallback.SILENT)
                    .withClassName("dev.dx.plugin.wasm.generated." + id.replace('-', '_')).compile();
        } catch (ChicoryException | LinkageError e) {
            throw new PluginException(PluginException.Code.INVALID, "the module cannot be compiled: " + e.getMessage(),
                    e);
        }
    }
}
