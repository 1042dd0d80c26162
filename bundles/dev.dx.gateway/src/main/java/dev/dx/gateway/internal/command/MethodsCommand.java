package dev.dx.gateway.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import dev.dx.gateway.internal.rpc.MethodEntry;
import dev.dx.gateway.internal.rpc.MethodRegistry;

/** {@code gateway:methods}: the methods callable right now. */
@Service
@Command(scope = "gateway", name = "methods", description = "Lists the gateway methods available now")
public final class MethodsCommand implements Action {
    @Reference
    private MethodRegistry registry;

    @Override
    public Object execute() {
        ShellTable t = new ShellTable();
        t.column("Method");
        t.column("Category");
        t.column("Scope");
        t.column("Bundle");
        t.column("Description").maxSize(60).wrap();
        for (MethodEntry m : registry.list()) {
            t.addRow().addContent(m.name(), m.category(), m.scope().id(), m.bundle(), m.description());
        }
        t.print(System.out);
        return null;
    }
}
