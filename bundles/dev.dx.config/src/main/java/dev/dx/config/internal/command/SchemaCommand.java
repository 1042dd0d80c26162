package dev.dx.config.internal.command;

import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import dev.dx.config.internal.schema.SchemaCatalog;

/** {@code dxconfig:schema [pid]}: the keys a DX configuration accepts, with types, defaults and descriptions. */
@Service
@Command(scope = "dxconfig", name = "schema", description = "Lists the keys of a DX configuration, or all DX PIDs")
public final class SchemaCommand implements Action {
    @Reference
    private SchemaCatalog catalog;

    @Argument(index = 0, name = "pid", description = "e.g. dev.dx.gateway")
    private String pid;

    @Override
    @SuppressWarnings("unchecked")
    public Object execute() {
        Map<String, Map<String, Object>> all = catalog.all();
        if (pid == null) {
            ShellTable t = new ShellTable();
            t.column("PID");
            t.column("File");
            t.column("Title");
            all.forEach((p, s) -> t.addRow().addContent(p, s.get("x-dx-file"), s.get("title")));
            t.print(System.out);
            return null;
        }
        Map<String, Object> s = all.get(pid);
        if (s == null) {
            System.err.println("No schema for '" + pid + "'; dxconfig:schema lists them");
            return null;
        }
        ShellTable t = new ShellTable();
        t.column("Key");
        t.column("Type");
        t.column("Default");
        t.column("Description").maxSize(70).wrap();
        ((Map<String, Map<String, Object>>) s.get("properties")).forEach((k, p) -> t.addRow().addContent(k,
                p.get("type"), String.valueOf(p.getOrDefault("default", "")), p.getOrDefault("description", "")));
        t.print(System.out);
        return null;
    }
}
