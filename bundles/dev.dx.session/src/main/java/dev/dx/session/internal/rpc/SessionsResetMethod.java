package dev.dx.session.internal.rpc;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.dx.api.rpc.Rpc;
import dev.dx.api.rpc.RpcContext;
import dev.dx.api.rpc.RpcMethod;
import dev.dx.api.rpc.Scope;
import dev.dx.api.session.SessionStore;

/** {@code sessions.reset}: archives a session and starts a fresh one on its routing key. */
@Component(service = RpcMethod.class)
@Rpc(method = "sessions.reset", scope = Scope.WRITE, category = "sessions",
        description = "Start over: archive the session and create a fresh active one for its routing key")
public final class SessionsResetMethod implements RpcMethod {
    /** Parameters. */
    public record Params(String key) {
    }

    @Reference
    private SessionStore store;

    @Override
    public Object call(RpcContext ctx) {
        return store.reset(ctx.params(Params.class).key());
    }
}
