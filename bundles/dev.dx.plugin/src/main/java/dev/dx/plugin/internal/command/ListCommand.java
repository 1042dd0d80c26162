package dev.dx.plugin.internal.command;

import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import dev.dx.plugin.internal.PluginManager;

/** {@code plugin:list}: installed plugins and refused packages. */
@Service
@Command(scope = "plugin", name = "list", description = "Lists plugins: state, health, calls, and what is wrong")
public final class ListCommand implements Action {
    @Reference
    private PluginManager manager;

    @Override
    public Object execute() {
        ShellTable t = new ShellTable();
        t.column("Id");
        t.column("Version");
        t.column("Type");
        t.column("State");
        t.column("Health");
        t.column("Calls");
        t.column("Failures");
        t.column("Source");
        t.column("Problem").maxSize(100).wrap();
        for (Map<String, Object> p : manager.operations().list()) {
            t.addRow().addContent(p.get("id"), p.get("version"), p.getOrDefault("type", ""), p.get("state"),
                    p.get("health"), p.getOrDefault("calls", ""), p.getOrDefault("failures", ""), p.get("source"),
                    p.get("problem") == null ? "" : p.get("problem"));
        }
        t.print(System.out);
        return null;
    }
}
