package dev.dx.secrets.internal.core;

import java.util.Arrays;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.dx.api.rpc.Rpc;
import dev.dx.api.rpc.RpcContext;
import dev.dx.api.rpc.RpcException;
import dev.dx.api.rpc.RpcMethod;
import dev.dx.api.rpc.Scope;
import dev.dx.api.secrets.SecretStore;

/** {@code secrets.set}: stores a secret; the reply and the event name it, never the value. */
@Component(service = RpcMethod.class)
@Rpc(method = "secrets.set", scope = Scope.ADMIN, description = "Store a secret: {name, value}")
public final class SecretsSetMethod implements RpcMethod {
    @Reference
    private SecretStore store;

    /** The parameters. */
    public record Params(String name, String value) {
    }

    @Override
    public Object call(RpcContext ctx) {
        Params p = ctx.params(Params.class);
        if (p.name() == null || p.value() == null) {
            throw RpcException.invalidParams("secrets.set takes {name, value}");
        }
        char[] value = p.value().toCharArray();
        try {
            store.set(p.name(), value);
        } finally {
            Arrays.fill(value, '\0');
        }
        return Map.of("name", p.name(), "stored", true);
    }
}
