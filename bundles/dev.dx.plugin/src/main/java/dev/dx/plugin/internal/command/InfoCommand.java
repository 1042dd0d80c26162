package dev.dx.plugin.internal.command;

import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.dx.api.plugin.PluginException;
import dev.dx.plugin.internal.PluginManager;

/** {@code plugin:info}: one plugin in detail. */
@Service
@Command(scope = "plugin", name = "info", description = "Shows a plugin: what it provides and requests, its grant, "
        + "state, health and runtime figures")
public final class InfoCommand implements Action {
    @Reference
    private PluginManager manager;

    @Argument(index = 0, name = "id", required = true, description = "The plugin id")
    @Completion(PluginIdCompleter.class)
    private String id;

    @Override
    public Object execute() {
        try {
            for (Map.Entry<String, Object> e : manager.operations().info(id).entrySet()) {
                System.out.printf("%-16s %s%n", e.getKey(), e.getValue() == null ? "" : e.getValue());
            }
        } catch (PluginException e) {
            System.err.println(e.getMessage());
        }
        return null;
    }
}
