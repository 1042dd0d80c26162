package dev.dx.plugin.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.dx.api.plugin.PluginException;
import dev.dx.api.plugin.PluginManifest;
import dev.dx.api.tool.Tool;
import dev.dx.api.tool.ToolInvocation;
import dev.dx.api.tool.ToolResult;
import dev.dx.api.tool.ToolSpec;

/** A plugin's tool on the {@link Tool} whiteboard; calls go to whichever generation of the plugin is current. */
final class PluginTool implements Tool {
    private final PluginEntry entry;
    private volatile PluginManifest.ToolEntry decl;

    PluginTool(PluginEntry entry, PluginManifest.ToolEntry decl) {
        this.entry = entry;
        this.decl = decl;
    }

    void declaration(PluginManifest.ToolEntry d) {
        this.decl = d;
    }

    PluginManifest.ToolEntry declaration() {
        return decl;
    }

    @Override
    public ToolSpec spec() {
        PluginManifest.ToolEntry d = decl;
        return new ToolSpec(d.name(), d.description(), d.parameters());
    }

    @Override
    public ToolResult invoke(ToolInvocation inv) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("callId", inv.callId());
        context.put("agentId", inv.agentId());
        context.put("sessionKey", inv.sessionKey());
        context.put("runId", inv.runId());
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("arguments", inv.arguments() == null ? Map.of() : inv.arguments());
        input.put("context", context);
        String export = "tool:" + decl.name();
        try {
            return entry.call(export, Envelopes.write(input), out -> Envelopes.tool(out, export));
        } catch (PluginException e) {
            return ToolResult.error("The tool's plugin '" + entry.id + "' failed (" + e.code() + "): " + e.getMessage());
        }
    }
}
