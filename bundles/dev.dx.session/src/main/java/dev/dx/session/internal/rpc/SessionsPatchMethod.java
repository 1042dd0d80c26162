package dev.dx.session.internal.rpc;

import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.dx.api.rpc.Rpc;
import dev.dx.api.rpc.RpcContext;
import dev.dx.api.rpc.RpcMethod;
import dev.dx.api.rpc.Scope;
import dev.dx.api.session.SessionPatch;
import dev.dx.api.session.SessionStore;

/** {@code sessions.patch}: merges metadata (JSON merge patch), sets the model, adds to the token counts. */
@Component(service = RpcMethod.class)
@Rpc(method = "sessions.patch", scope = Scope.WRITE, category = "sessions",
        description = "Change a session: metadata (merge patch, null removes), model, inputTokens/outputTokens to add")
public final class SessionsPatchMethod implements RpcMethod {
    /** Parameters: the key and what to change. */
    public record Params(String key, Map<String, Object> metadata, String model, Long inputTokens, Long outputTokens) {
    }

    @Reference
    private SessionStore store;

    @Override
    public Object call(RpcContext ctx) {
        Params p = ctx.params(Params.class);
        return store.patch(p.key(), new SessionPatch(p.metadata(), p.model(), p.inputTokens(), p.outputTokens()));
    }
}
