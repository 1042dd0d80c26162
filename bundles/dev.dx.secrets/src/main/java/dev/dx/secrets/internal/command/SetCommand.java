package dev.dx.secrets.internal.command;

import java.util.Arrays;
import java.util.Locale;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

import dev.dx.api.secrets.SecretStore;

/** {@code secrets:set}: stores a secret whose value is typed at a masked prompt, so it never reaches the history. */
@Service
@Command(scope = "secrets", name = "set", description = "Stores a secret; the value is asked for at a masked prompt")
public final class SetCommand implements Action {
    @Reference
    private SecretStore store;
    @Reference
    private Session session;

    @Argument(index = 0, name = "name", required = true,
            description = "Secret name: lower-case letters, digits, '.', '_' or '-', e.g. openai.api-key")
    @Completion(SecretNameCompleter.class)
    private String name;

    @Override
    public Object execute() throws Exception {
        if (store.state() != SecretStore.State.UNLOCKED) {
            String state = store.state().name().toLowerCase(Locale.ROOT);
            System.err.println("The secret store is " + state + ": run secrets:unlock first");
            return null;
        }
        char[] value = Prompt.masked(session, "Value of " + name + ": ");
        try {
            boolean replacing = store.names().contains(name);
            store.set(name, value);
            System.out.println((replacing ? "Replaced " : "Stored ") + name);
        } finally {
            Arrays.fill(value, '\0');
        }
        return null;
    }
}
