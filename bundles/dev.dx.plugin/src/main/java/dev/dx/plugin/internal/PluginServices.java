package dev.dx.plugin.internal;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.dx.api.hook.Hook;
import dev.dx.api.plugin.PluginManifest;
import dev.dx.api.rpc.Rpc;
import dev.dx.api.rpc.RpcMethod;
import dev.dx.api.tool.Tool;
import dev.dx.api.tool.ToolName;

/**
 * The services one plugin provides: its tools, methods and hooks. Updating to a new version changes only what
 * changed, so a tool that both versions provide stays registered through a hot reload and no caller ever finds it
 * missing.
 */
final class PluginServices {
    private final Registrar registrar;
    private final Map<String, Registered<PluginTool>> tools = new HashMap<>();
    private final Map<String, Registered<PluginMethod>> methods = new HashMap<>();
    private Registrar.Handle hook;

    private record Registered<T>(T service, Registrar.Handle handle, Object declaration) {
    }

    PluginServices(Registrar registrar) {
        this.registrar = registrar;
    }

    /** @return the tool names registered now */
    synchronized List<String> toolNames() {
        return List.copyOf(tools.keySet());
    }

    /** Registers what {@code m} provides and unregisters what it no longer does. */
    synchronized void update(PluginEntry entry, PluginManifest m) {
        Map<String, PluginManifest.ToolEntry> wantTools = new LinkedHashMap<>();
        m.tools().forEach(t -> wantTools.put(t.name(), t));
        tools.keySet().removeIf(name -> {
            if (!wantTools.containsKey(name)) {
                tools.get(name).handle().unregister();
                return true;
            }
            return false;
        });
        for (PluginManifest.ToolEntry t : wantTools.values()) {
            Registered<PluginTool> r = tools.get(t.name());
            if (r != null) {
                r.service().declaration(t);
                continue;
            }
            PluginTool tool = new PluginTool(entry, t);
            tools.put(t.name(), new Registered<>(tool, registrar.register(Tool.class, tool,
                    Map.of(ToolName.PROPERTY, t.name(), "dx.plugin.id", entry.id)), t));
        }
        Map<String, PluginManifest.MethodEntry> wantMethods = new LinkedHashMap<>();
        m.methods().forEach(x -> wantMethods.put(x.name(), x));
        methods.keySet().removeIf(name -> {
            Registered<PluginMethod> r = methods.get(name);
            if (!r.declaration().equals(wantMethods.get(name))) {
                r.handle().unregister();
                return true;
            }
            return false;
        });
        for (PluginManifest.MethodEntry x : wantMethods.values()) {
            if (!methods.containsKey(x.name())) {
                PluginMethod method = new PluginMethod(entry, x);
                methods.put(x.name(), new Registered<>(method, registrar.register(RpcMethod.class, method,
                        methodProps(entry.id, x)), x));
            }
        }
        if (m.hooks().isEmpty()) {
            unregisterHook();
        } else {
            Map<String, Object> props = Map.of(Hook.POINTS, m.hooks().toArray(new String[0]), "dx.plugin.id", entry.id);
            if (hook == null) {
                hook = registrar.register(Hook.class, new PluginHook(entry), props);
            } else {
                hook.properties(props);
            }
        }
    }

    /** Unregisters everything. */
    synchronized void clear() {
        tools.values().forEach(r -> r.handle().unregister());
        tools.clear();
        methods.values().forEach(r -> r.handle().unregister());
        methods.clear();
        unregisterHook();
    }

    private void unregisterHook() {
        if (hook != null) {
            hook.unregister();
            hook = null;
        }
    }

    static Map<String, Object> methodProps(String id, PluginManifest.MethodEntry x) {
        Map<String, Object> p = new HashMap<>();
        p.put(Rpc.METHOD, "plugin." + id + "." + x.name());
        p.put(Rpc.SCOPE, x.scope().name());
        p.put(Rpc.CATEGORY, "plugins");
        p.put(Rpc.DESCRIPTION, x.description() == null ? "" : x.description());
        p.put("dx.plugin.id", id);
        return p;
    }
}
