package dev.dx.secrets.internal.command;

import java.util.Arrays;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

import dev.dx.api.secrets.SecretStore;

/** {@code secrets:unlock}: asks for the master password; the first unlock chooses it and creates the store. */
@Service
@Command(scope = "secrets", name = "unlock",
        description = "Unlocks the secret store with the master password (asked for at a masked prompt); "
                + "the first time, chooses the password and creates the store")
public final class UnlockCommand implements Action {
    @Reference
    private SecretStore store;
    @Reference
    private Session session;

    @Override
    public Object execute() throws Exception {
        SecretStore.State state = store.state();
        if (state == SecretStore.State.UNLOCKED) {
            System.out.println("The secret store is already unlocked");
            return null;
        }
        if (state == SecretStore.State.UNINITIALIZED) {
            System.out.println("There is no secret store yet: choose its master password. It cannot be recovered: "
                    + "without it the secrets are lost.");
        }
        char[] password = state == SecretStore.State.UNINITIALIZED
                ? Prompt.confirmed(session, "New master password: ") : Prompt.masked(session, "Master password: ");
        try {
            store.unlock(password);
        } finally {
            Arrays.fill(password, '\0');
        }
        System.out.println("Unlocked: " + store.names().size() + " secrets");
        return null;
    }
}
