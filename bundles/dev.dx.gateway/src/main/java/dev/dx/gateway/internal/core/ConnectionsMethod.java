package dev.dx.gateway.internal.core;

import java.util.List;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.dx.api.rpc.Rpc;
import dev.dx.api.rpc.RpcContext;
import dev.dx.api.rpc.RpcMethod;
import dev.dx.api.rpc.Scope;
import dev.dx.gateway.internal.transport.ConnectionRegistry;

/** {@code gateway.connections}: the open WebSocket connections. */
@Component(service = RpcMethod.class)
@Rpc(method = "gateway.connections", scope = Scope.ADMIN, category = "gateway",
        description = "Open WebSocket connections: id, address, client, scopes, age")
public final class ConnectionsMethod implements RpcMethod {
    /** One connection as listed. */
    public record Info(String id, String address, String client, List<String> scopes, long ageSeconds, long requests) {
    }

    @Reference
    private ConnectionRegistry connections;

    @Override
    public Object call(RpcContext ctx) {
        return list(connections);
    }

    static List<Info> list(ConnectionRegistry connections) {
        return connections.connections().stream()
                .map(c -> new Info(c.caller().connectionId(), c.caller().address(), c.caller().client(),
                        c.caller().scopes().stream().sorted().map(s -> s.id()).toList(), c.ageSeconds(), c.requests()))
                .sorted((a, b) -> a.id().compareTo(b.id()))
                .toList();
    }
}
