package dev.dx.session.internal.rpc;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.dx.api.rpc.Rpc;
import dev.dx.api.rpc.RpcContext;
import dev.dx.api.rpc.RpcException;
import dev.dx.api.rpc.RpcMethod;
import dev.dx.api.rpc.Scope;
import dev.dx.api.session.SessionStore;

/** {@code sessions.get}: one session header, by key or by the routing key of an active session. */
@Component(service = RpcMethod.class)
@Rpc(method = "sessions.get", scope = Scope.READ, category = "sessions",
        description = "One session by key, or the active session of a routingKey")
public final class SessionsGetMethod implements RpcMethod {
    /** Parameters: exactly one of the two. */
    public record Params(String key, String routingKey) {
    }

    @Reference
    private SessionStore store;

    @Override
    public Object call(RpcContext ctx) {
        Params p = ctx.params(Params.class);
        if ((p.key() == null) == (p.routingKey() == null)) {
            throw RpcException.invalidParams("Give either 'key' or 'routingKey'");
        }
        if (p.key() != null) {
            return store.get(p.key()).orElseThrow(() -> RpcException.notFound("No session " + p.key()
                    + "; sessions.list shows the sessions there are"));
        }
        return store.byRoutingKey(p.routingKey()).orElseThrow(() -> RpcException.notFound(
                "No active session has this routing key; sessions.list shows the sessions there are"));
    }
}
