package dev.dx.plugin.internal.command;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.dx.api.plugin.PluginException;
import dev.dx.plugin.internal.Grant;
import dev.dx.plugin.internal.PluginManager;

/** {@code plugin:grant}: adds permissions to {@code etc/dev.dx.plugin-<id>.cfg} and applies them now. */
@Service
@Command(scope = "plugin", name = "grant", description = "Grants a plugin permissions, e.g. plugin:grant weather kv "
        + "network.hosts=api.weather.example; 'requested' grants all its manifest asks for")
public final class GrantCommand implements Action {
    @Reference
    private PluginManager manager;

    @Argument(index = 0, name = "id", required = true, description = "The plugin id")
    @Completion(PluginIdCompleter.class)
    private String id;

    @Argument(index = 1, name = "permissions", required = true, multiValued = true, description = "kv, process, "
            + "network.hosts=<host,...>, filesystem.read=<path>, filesystem.write=<path>, callTimeoutMs=<ms>, "
            + "memoryMb=<n>, enabled, or requested")
    private List<String> permissions;

    @Override
    public Object execute() throws Exception {
        try {
            Grant g = manager.operations().grant(id, permissions);
            System.out.println("Granted; etc/dev.dx.plugin-" + id + ".cfg now allows: " + g);
            Object state = manager.operations().info(id).get("state");
            Object problem = manager.operations().info(id).get("problem");
            System.out.println("Plugin " + id + " is " + state + (problem == null ? "" : ": " + problem));
        } catch (PluginException | IllegalArgumentException e) {
            System.err.println(e.getMessage());
        }
        return null;
    }
}
