package dev.dx.secrets.internal.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.dx.api.rpc.Rpc;
import dev.dx.api.rpc.RpcContext;
import dev.dx.api.rpc.RpcException;
import dev.dx.api.rpc.RpcMethod;
import dev.dx.api.rpc.Scope;
import dev.dx.api.secrets.SecretStore;

/**
 * {@code secrets.unlock}: for owner tools that cannot reach the console. Wrong passwords are throttled like the
 * console's; the password is in the request body only, which the gateway never logs.
 */
@Component(service = RpcMethod.class)
@Rpc(method = "secrets.unlock", scope = Scope.ADMIN,
        description = "Unlock the secret store with the master password: {password}")
public final class SecretsUnlockMethod implements RpcMethod {
    @Reference
    private SecretStore store;

    /** The parameters. */
    public record Params(String password) {
    }

    @Override
    public Object call(RpcContext ctx) {
        Params p = ctx.params(Params.class);
        if (p.password() == null) {
            throw RpcException.invalidParams("secrets.unlock takes {password}");
        }
        char[] password = p.password().toCharArray();
        try {
            store.unlock(password);
        } finally {
            Arrays.fill(password, '\0');
        }
        return Map.of("state", store.state().name().toLowerCase(Locale.ROOT));
    }
}
