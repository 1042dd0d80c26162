package dev.dx.gateway.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import dev.dx.gateway.internal.auth.TokenStore;

/** {@code gateway:token-list}: the scoped tokens (never their values). */
@Service
@Command(scope = "gateway", name = "token-list", description = "Lists the tokens with limited scopes")
public final class TokenListCommand implements Action {
    @Reference
    private TokenStore tokens;

    @Override
    public Object execute() {
        ShellTable t = new ShellTable();
        t.column("Id");
        t.column("Name");
        t.column("Scopes");
        t.column("Created");
        for (var s : tokens.list()) {
            t.addRow().addContent(s.id(), s.name(), String.join(",", s.scopes()), s.created());
        }
        t.print(System.out);
        return null;
    }
}
