package dev.dx.plugin.internal;

import java.lang.reflect.Method;
import java.util.Map;

import dev.dx.api.plugin.PluginRuntime;
import dev.dx.plugin.nativelib.internal.NativeConfig;
import dev.dx.plugin.nativelib.internal.NativeRuntime;
import dev.dx.plugin.script.internal.ScriptConfig;
import dev.dx.plugin.script.internal.ScriptRuntime;
import dev.dx.plugin.wasm.internal.WasmConfig;
import dev.dx.plugin.wasm.internal.WasmRuntime;
import dev.dx.testsupport.component.Configs;

/** The real runtimes, activated and deactivated the way DS does, for the host's tests and benchmark. */
final class Runtimes {
    private Runtimes() {
    }

    static WasmRuntime wasm(boolean compile) {
        return activate(new WasmRuntime(), WasmConfig.class, Map.of("compile", compile));
    }

    static NativeRuntime nativeLib() {
        return activate(new NativeRuntime(), NativeConfig.class, Map.of());
    }

    static ScriptRuntime script() {
        return activate(new ScriptRuntime(), ScriptConfig.class, Map.of());
    }

    static void deactivate(PluginRuntime rt) {
        lifecycle(rt, "deactivate", null, null);
    }

    private static <R extends PluginRuntime, C> R activate(R rt, Class<C> config, Map<String, Object> values) {
        lifecycle(rt, "activate", config, Configs.of(config, values));
        return rt;
    }

    private static void lifecycle(PluginRuntime rt, String name, Class<?> type, Object arg) {
        try {
            Method m = type == null ? rt.getClass().getDeclaredMethod(name) : rt.getClass().getDeclaredMethod(name, type);
            m.setAccessible(true); // package-private, as DS calls it
            m.invoke(rt, type == null ? new Object[0] : new Object[] {arg});
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(name + " of " + rt.getClass().getSimpleName() + " failed", e);
        }
    }
}
