package dev.dx.agent.internal.rpc;

import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.dx.agent.internal.AgentRegistry;
import dev.dx.agent.internal.Compaction;
import dev.dx.agent.internal.SessionResolver;
import dev.dx.api.rpc.Rpc;
import dev.dx.api.rpc.RpcContext;
import dev.dx.api.rpc.RpcMethod;
import dev.dx.api.rpc.Scope;
import dev.dx.api.session.Session;

/** {@code sessions.compact}: summarise the older part of a session now, whatever its size. */
@Component(service = RpcMethod.class)
@Rpc(method = "sessions.compact", scope = Scope.WRITE, category = "sessions",
        description = "Summarise the older turns of a session: {sessionKey} → {compacted}")
public final class SessionsCompactMethod implements RpcMethod {
    /** Parameters. */
    public record Params(String sessionKey) {
    }

    @Reference
    private SessionResolver sessions;
    @Reference
    private Compaction compaction;

    @Override
    public Object call(RpcContext ctx) {
        Session s = sessions.resolve(ctx.params(Params.class).sessionKey(), AgentRegistry.DEFAULT, true);
        return Map.of("sessionKey", s.key(), "compacted", compaction.compactNow(s));
    }
}
