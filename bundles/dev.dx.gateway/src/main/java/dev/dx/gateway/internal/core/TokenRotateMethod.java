package dev.dx.gateway.internal.core;

import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.dx.api.rpc.Rpc;
import dev.dx.api.rpc.RpcContext;
import dev.dx.api.rpc.RpcMethod;
import dev.dx.api.rpc.Scope;
import dev.dx.gateway.internal.auth.TokenStore;

/** {@code gateway.token.rotate}: a new owner token; the old one stops working at once, on live sockets too. */
@Component(service = RpcMethod.class)
@Rpc(method = "gateway.token.rotate", scope = Scope.ADMIN, category = "gateway",
        description = "Replace the owner token; connections using the old one are closed")
public final class TokenRotateMethod implements RpcMethod {
    @Reference
    private TokenStore tokens;

    @Override
    public Object call(RpcContext ctx) {
        tokens.rotate();
        return Map.of("rotated", true, "hint", "Read the new token from the same file as before");
    }
}
