package dev.dx.gateway.internal.command;

import java.util.EnumSet;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.dx.api.rpc.Scope;
import dev.dx.gateway.internal.auth.TokenStore;

/** {@code gateway:token-create}: a token with limited scopes, shown once. */
@Service
@Command(scope = "gateway", name = "token-create", description = "Creates a token with limited scopes; it is shown once")
public final class TokenCreateCommand implements Action {
    @Reference
    private TokenStore tokens;

    @Argument(index = 0, name = "name", required = true, description = "What the token is for, e.g. dashboard")
    private String name;

    @Argument(index = 1, name = "scopes", required = true, multiValued = true,
            description = "Scopes: read, write, approvals, admin")
    private List<String> scopes;

    @Override
    public Object execute() {
        EnumSet<Scope> set = EnumSet.noneOf(Scope.class);
        for (String s : scopes) {
            set.add(Scope.of(s));
        }
        String token = tokens.create(name, set);
        System.out.println(token);
        System.out.println("Store it now: DX keeps only its hash. Revoke with gateway:token-revoke.");
        return null;
    }
}
