package dev.dx.secrets.internal.core;

import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.dx.api.rpc.Rpc;
import dev.dx.api.rpc.RpcContext;
import dev.dx.api.rpc.RpcException;
import dev.dx.api.rpc.RpcMethod;
import dev.dx.api.rpc.Scope;
import dev.dx.api.secrets.SecretStore;

/** {@code secrets.delete}: removes a secret. */
@Component(service = RpcMethod.class)
@Rpc(method = "secrets.delete", scope = Scope.ADMIN, description = "Delete a secret: {name}")
public final class SecretsDeleteMethod implements RpcMethod {
    @Reference
    private SecretStore store;

    /** The parameters. */
    public record Params(String name) {
    }

    @Override
    public Object call(RpcContext ctx) {
        Params p = ctx.params(Params.class);
        if (p.name() == null) {
            throw RpcException.invalidParams("secrets.delete takes {name}");
        }
        return Map.of("name", p.name(), "deleted", store.delete(p.name()));
    }
}
