package dev.dx.secrets.internal.core;

import java.util.Locale;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.dx.api.rpc.Rpc;
import dev.dx.api.rpc.RpcContext;
import dev.dx.api.rpc.RpcMethod;
import dev.dx.api.rpc.Scope;
import dev.dx.api.secrets.SecretStore;

/** {@code secrets.lock}: forgets the key; reads fail until the next unlock. */
@Component(service = RpcMethod.class)
@Rpc(method = "secrets.lock", scope = Scope.ADMIN, description = "Lock the secret store (forget the key)")
public final class SecretsLockMethod implements RpcMethod {
    @Reference
    private SecretStore store;

    @Override
    public Object call(RpcContext ctx) {
        ctx.params(NoParams.class);
        store.lock();
        return Map.of("state", store.state().name().toLowerCase(Locale.ROOT));
    }
}
