package dev.dx.secrets.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.dx.api.secrets.SecretStore;

/** {@code secrets:delete}: removes a secret. */
@Service
@Command(scope = "secrets", name = "delete", description = "Deletes a secret")
public final class DeleteCommand implements Action {
    @Reference
    private SecretStore store;

    @Argument(index = 0, name = "name", required = true, description = "Secret name (secrets:list shows them)")
    @Completion(SecretNameCompleter.class)
    private String name;

    @Override
    public Object execute() {
        System.out.println(store.delete(name) ? "Deleted " + name : "No secret named " + name);
        return null;
    }
}
