package dev.dx.session.internal.rpc;

import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.dx.api.rpc.Rpc;
import dev.dx.api.rpc.RpcContext;
import dev.dx.api.rpc.RpcMethod;
import dev.dx.api.rpc.Scope;
import dev.dx.api.session.SessionStore;

/** {@code sessions.create}: a new active session; refused with CONFLICT if the routing key has one. */
@Component(service = RpcMethod.class)
@Rpc(method = "sessions.create", scope = Scope.WRITE, category = "sessions",
        description = "Create an active session for agentId and routingKey, with optional metadata")
public final class SessionsCreateMethod implements RpcMethod {
    /** Parameters. */
    public record Params(String agentId, String routingKey, Map<String, Object> metadata) {
    }

    @Reference
    private SessionStore store;

    @Override
    public Object call(RpcContext ctx) {
        Params p = ctx.params(Params.class);
        return store.create(p.agentId(), p.routingKey(), p.metadata());
    }
}
