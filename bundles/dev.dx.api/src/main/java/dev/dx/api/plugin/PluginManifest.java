package dev.dx.api.plugin;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.dx.api.rpc.Scope;

/**
 * A plugin's {@code dx-plugin.json}, parsed and validated by the host.
 *
 * @param id          {@code [a-z][a-z0-9-]{1,63}}, unique among installed plugins
 * @param version     the plugin's version, e.g. {@code 1.2.0}
 * @param type        {@code wasm}, {@code native} or {@code script}: which {@link PluginRuntime} runs it
 * @param entry       the entry file, a path relative to the package root
 * @param description one line for lists
 * @param tools       tools for agents, exported as {@code tool:<name>}
 * @param methods     gateway methods, served as {@code plugin.<id>.<name>} and exported as {@code method:<name>}
 * @param hooks       hook points ({@code message.inbound}, {@code message.outbound}, {@code tool.before}), exported
 *                    as {@code hook:<point>}
 * @param permissions what the plugin requests
 * @since 0.1
 */
public record PluginManifest(String id, String version, String type, String entry, String description,
        List<ToolEntry> tools, List<MethodEntry> methods, List<String> hooks, PluginPermissions permissions) {

    /**
     * A tool the plugin provides.
     *
     * @param name        the tool name, {@code [a-z][a-z0-9_]{0,63}}
     * @param description what it does, for the model
     * @param parameters  the JSON Schema of its arguments, JSON-ready
     */
    public record ToolEntry(String name, String description, Map<String, Object> parameters) {
    }

    /**
     * A gateway method the plugin provides.
     *
     * @param name        the last part of {@code plugin.<id>.<name>}
     * @param description one line on what it does
     * @param scope       the scope a caller must hold
     */
    public record MethodEntry(String name, String description, Scope scope) {
    }

    /** Copies the lists. */
    public PluginManifest {
        Objects.requireNonNull(id, "id must not be null");
        Objects.requireNonNull(type, "type must not be null");
        Objects.requireNonNull(entry, "entry must not be null");
        tools = tools == null ? List.of() : List.copyOf(tools);
        methods = methods == null ? List.of() : List.copyOf(methods);
        hooks = hooks == null ? List.of() : List.copyOf(hooks);
        permissions = permissions == null ? PluginPermissions.NONE : permissions;
        description = description == null ? "" : description;
    }
}
