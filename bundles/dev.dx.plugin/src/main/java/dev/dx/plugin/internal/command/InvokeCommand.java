package dev.dx.plugin.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.dx.api.plugin.PluginException;
import dev.dx.plugin.internal.PluginManager;

/** {@code plugin:invoke}: calls one export of a plugin directly, for trying it out. */
@Service
@Command(scope = "plugin", name = "invoke", description = "Calls a plugin export with a JSON input and prints the "
        + "output, e.g. plugin:invoke echo tool:echo '{\"arguments\":{}}'")
public final class InvokeCommand implements Action {
    @Reference
    private PluginManager manager;

    @Argument(index = 0, name = "id", required = true, description = "The plugin id")
    @Completion(PluginIdCompleter.class)
    private String id;

    @Argument(index = 1, name = "export", required = true, description = "tool:<name>, method:<name> or hook:<point>")
    private String export;

    @Argument(index = 2, name = "json", description = "The input, a JSON object (default {})")
    private String json;

    @Override
    public Object execute() {
        try {
            System.out.println(manager.operations().invoke(id, export, json == null ? "{}" : json));
        } catch (PluginException e) {
            System.err.println(e.code() + ": " + e.getMessage());
        }
        return null;
    }
}
