package dev.dx.gateway.internal.core;

import java.util.Map;

import org.osgi.service.component.annotations.Component;

import dev.dx.api.rpc.Rpc;
import dev.dx.api.rpc.RpcContext;
import dev.dx.api.rpc.RpcMethod;
import dev.dx.api.rpc.Scope;

/** {@code health}: the cheapest round trip there is. */
@Component(service = RpcMethod.class)
@Rpc(method = "health", scope = Scope.READ, category = "gateway", description = "Whether the gateway answers")
public final class HealthMethod implements RpcMethod {
    private static final Map<String, Object> OK = Map.of("ok", true);

    @Override
    public Object call(RpcContext ctx) {
        return OK;
    }
}
