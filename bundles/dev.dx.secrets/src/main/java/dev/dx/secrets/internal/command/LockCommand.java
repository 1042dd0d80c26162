package dev.dx.secrets.internal.command;

import java.util.Locale;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.dx.api.secrets.SecretStore;

/** {@code secrets:lock}: forgets the key; components that need a secret wait for the next unlock. */
@Service
@Command(scope = "secrets", name = "lock", description = "Locks the secret store: the key is wiped from memory")
public final class LockCommand implements Action {
    @Reference
    private SecretStore store;

    @Override
    public Object execute() {
        store.lock();
        System.out.println("The secret store is " + store.state().name().toLowerCase(Locale.ROOT));
        return null;
    }
}
