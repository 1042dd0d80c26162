package dev.dx.gateway.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.dx.gateway.internal.auth.TokenStore;

/** {@code gateway:token-revoke}: a scoped token stops working, on live connections too. */
@Service
@Command(scope = "gateway", name = "token-revoke", description = "Revokes a token with limited scopes")
public final class TokenRevokeCommand implements Action {
    @Reference
    private TokenStore tokens;

    @Argument(index = 0, name = "id", required = true, description = "Token id from gateway:token-list")
    @Completion(TokenIdCompleter.class)
    private String id;

    @Override
    public Object execute() {
        tokens.revoke(id);
        System.out.println("Revoked " + id);
        return null;
    }
}
