package dev.dx.secrets.internal.core;

import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.dx.api.rpc.Rpc;
import dev.dx.api.rpc.RpcContext;
import dev.dx.api.rpc.RpcMethod;
import dev.dx.api.rpc.Scope;
import dev.dx.api.secrets.SecretStore;

/** {@code secrets.list}: the names of the stored secrets, never their values. */
@Component(service = RpcMethod.class)
@Rpc(method = "secrets.list", scope = Scope.ADMIN, description = "Names of the stored secrets (never values)")
public final class SecretsListMethod implements RpcMethod {
    @Reference
    private SecretStore store;

    @Override
    public Object call(RpcContext ctx) {
        ctx.params(NoParams.class);
        return Map.of("names", store.names());
    }
}
