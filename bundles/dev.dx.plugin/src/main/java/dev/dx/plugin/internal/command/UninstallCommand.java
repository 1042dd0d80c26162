package dev.dx.plugin.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.dx.api.plugin.PluginException;
import dev.dx.plugin.internal.PluginManager;

/** {@code plugin:uninstall}: stops a plugin and deletes its package from the deploy folder. */
@Service
@Command(scope = "plugin", name = "uninstall", description = "Uninstalls a plugin (its data stays unless --purge)")
public final class UninstallCommand implements Action {
    @Reference
    private PluginManager manager;

    @Argument(index = 0, name = "id", required = true, description = "The plugin id")
    @Completion(PluginIdCompleter.class)
    private String id;

    @Option(name = "--purge", description = "Also delete the plugin's key-value data")
    private boolean purge;

    @Override
    public Object execute() throws Exception {
        try {
            manager.operations().uninstall(id, purge);
            System.out.println("Uninstalled " + id + (purge ? " and deleted its data" : ""));
        } catch (PluginException e) {
            System.err.println(e.getMessage());
        }
        return null;
    }
}
