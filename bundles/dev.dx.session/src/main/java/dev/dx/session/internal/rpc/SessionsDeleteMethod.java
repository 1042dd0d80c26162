package dev.dx.session.internal.rpc;

import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.dx.api.rpc.Rpc;
import dev.dx.api.rpc.RpcContext;
import dev.dx.api.rpc.RpcException;
import dev.dx.api.rpc.RpcMethod;
import dev.dx.api.rpc.Scope;
import dev.dx.api.session.SessionStore;

/**
 * {@code sessions.delete}: a session and its transcript, for good. WRITE like the other changes: whoever may write to
 * a session may also remove it; export first to keep a copy.
 */
@Component(service = RpcMethod.class)
@Rpc(method = "sessions.delete", scope = Scope.WRITE, category = "sessions",
        description = "Delete a session and its transcript for good (export it first to keep a copy)")
public final class SessionsDeleteMethod implements RpcMethod {
    /** Parameters. */
    public record Params(String key) {
    }

    @Reference
    private SessionStore store;

    @Override
    public Object call(RpcContext ctx) {
        String key = ctx.params(Params.class).key();
        if (!store.delete(key)) {
            throw RpcException.notFound("No session " + key + "; sessions.list shows the sessions there are");
        }
        return Map.of("deleted", true, "key", key);
    }
}
