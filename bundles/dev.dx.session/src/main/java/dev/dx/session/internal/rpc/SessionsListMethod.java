package dev.dx.session.internal.rpc;

import java.util.Locale;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.dx.api.rpc.Rpc;
import dev.dx.api.rpc.RpcContext;
import dev.dx.api.rpc.RpcException;
import dev.dx.api.rpc.RpcMethod;
import dev.dx.api.rpc.Scope;
import dev.dx.api.session.SessionQuery;
import dev.dx.api.session.SessionState;
import dev.dx.api.session.SessionStore;

/** {@code sessions.list}: sessions, most recently updated first, filtered and paged. */
@Component(service = RpcMethod.class)
@Rpc(method = "sessions.list", scope = Scope.READ, category = "sessions",
        description = "Sessions, newest first: filter by agentId, state, routingPrefix; page with limit and cursor")
public final class SessionsListMethod implements RpcMethod {
    /** Parameters; all optional. */
    public record Params(String agentId, String state, String routingPrefix, Integer limit, String cursor) {
    }

    @Reference
    private SessionStore store;

    @Override
    public Object call(RpcContext ctx) {
        Params p = ctx.params(Params.class);
        return store.list(new SessionQuery(p.agentId(), state(p.state()), p.routingPrefix(),
                p.limit() == null ? 50 : p.limit(), p.cursor()));
    }

    static SessionState state(String state) {
        if (state == null) {
            return null;
        }
        try {
            return SessionState.valueOf(state.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw RpcException.invalidParams("Parameter 'state' must be active or archived");
        }
    }
}
