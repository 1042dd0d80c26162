package dev.dx.config.internal.command;

import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import dev.dx.config.internal.ConfigManager;
import dev.dx.config.internal.FileState;

/** {@code dxconfig:status}: every DX configuration file and whether it is applied or refused, and why. */
@Service
@Command(scope = "dxconfig", name = "status", description = "Shows the DX configuration files and any refused edit")
public final class StatusCommand implements Action {
    @Reference
    private ConfigManager manager;

    @Override
    public Object execute() {
        ShellTable t = new ShellTable();
        t.column("File");
        t.column("PID");
        t.column("State");
        for (FileState s : manager.states()) {
            t.addRow().addContent("etc/" + s.name().fileName(), s.name().configPid(), s.applied() ? "applied" : "REFUSED");
        }
        t.print(System.out);
        List<Map<String, Object>> problems = manager.problems();
        if (problems.isEmpty()) {
            System.out.println("All DX configuration files are applied.");
        } else {
            System.out.println();
            System.out.println("Refused (the last good configuration stays in force until the file is fixed):");
            for (Map<String, Object> p : problems) {
                String key = (String) p.get("key");
                System.out.println("  " + p.get("file") + (key.isEmpty() ? "" : " key '" + key + "'") + ": " + p.get("reason"));
            }
        }
        return null;
    }
}
