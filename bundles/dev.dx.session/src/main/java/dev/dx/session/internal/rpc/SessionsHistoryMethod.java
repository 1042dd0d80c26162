package dev.dx.session.internal.rpc;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.dx.api.rpc.Rpc;
import dev.dx.api.rpc.RpcContext;
import dev.dx.api.rpc.RpcException;
import dev.dx.api.rpc.RpcMethod;
import dev.dx.api.rpc.Scope;
import dev.dx.api.session.HistoryQuery;
import dev.dx.api.session.SessionStore;

/** {@code sessions.history}: transcript entries in sequence order, a page at a time. */
@Component(service = RpcMethod.class)
@Rpc(method = "sessions.history", scope = Scope.READ, category = "sessions",
        description = "Transcript entries of a session in order: afterSeq or cursor, limit (default 200, max 10000), "
                + "includeCompacted (default true)")
public final class SessionsHistoryMethod implements RpcMethod {
    /** Parameters: the key; where to start (afterSeq or the previous page's nextCursor), how many, which. */
    public record Params(String key, Long afterSeq, String cursor, Integer limit, Boolean includeCompacted) {
    }

    @Reference
    private SessionStore store;

    @Override
    public Object call(RpcContext ctx) {
        Params p = ctx.params(Params.class);
        long after = p.afterSeq() == null ? 0 : p.afterSeq();
        if (p.cursor() != null) {
            if (p.afterSeq() != null) {
                throw RpcException.invalidParams("Give 'afterSeq' or 'cursor', not both");
            }
            try {
                after = Long.parseLong(p.cursor());
            } catch (NumberFormatException e) {
                throw RpcException.invalidParams("The cursor is not one sessions.history returned");
            }
        }
        return store.history(p.key(), new HistoryQuery(after, p.limit() == null ? 200 : p.limit(),
                p.includeCompacted() == null || p.includeCompacted()));
    }
}
