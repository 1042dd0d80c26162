package dev.dx.secrets.internal.command;

import java.util.Locale;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import dev.dx.api.secrets.SecretStore;

/** {@code secrets:list}: the names of the stored secrets; values are never shown. */
@Service
@Command(scope = "secrets", name = "list", description = "Lists the names of the stored secrets (never their values)")
public final class ListCommand implements Action {
    @Reference
    private SecretStore store;

    @Override
    public Object execute() {
        if (store.state() != SecretStore.State.UNLOCKED) {
            String state = store.state().name().toLowerCase(Locale.ROOT);
            System.out.println("The secret store is " + state + ": run secrets:unlock");
            return null;
        }
        ShellTable t = new ShellTable();
        t.column("Name");
        store.names().forEach(n -> t.addRow().addContent(n));
        t.print(System.out);
        return null;
    }
}
