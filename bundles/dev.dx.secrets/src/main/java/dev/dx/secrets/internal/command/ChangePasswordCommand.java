package dev.dx.secrets.internal.command;

import java.util.Arrays;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

import dev.dx.api.secrets.SecretStore;

/** {@code secrets:change-password}: re-encrypts the store under a new master password in one atomic write. */
@Service
@Command(scope = "secrets", name = "change-password",
        description = "Changes the master password; asks for the current one and the new one twice")
public final class ChangePasswordCommand implements Action {
    @Reference
    private SecretStore store;
    @Reference
    private Session session;

    @Override
    public Object execute() throws Exception {
        char[] current = Prompt.masked(session, "Current master password: ");
        char[] next = null;
        try {
            next = Prompt.confirmed(session, "New master password: ");
            store.changePassword(current, next);
        } finally {
            Arrays.fill(current, '\0');
            if (next != null) {
                Arrays.fill(next, '\0');
            }
        }
        System.out.println("Master password changed. If DX unlocks with DX_MASTER_PASSWORD or a password file, "
                + "update it now, or the next start stays locked.");
        return null;
    }
}
