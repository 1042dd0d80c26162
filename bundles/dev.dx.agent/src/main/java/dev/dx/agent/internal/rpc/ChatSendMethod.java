package dev.dx.agent.internal.rpc;

import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.dx.agent.internal.AgentRegistry;
import dev.dx.agent.internal.Run;
import dev.dx.agent.internal.RunManager;
import dev.dx.agent.internal.SessionResolver;
import dev.dx.api.rpc.Rpc;
import dev.dx.api.rpc.RpcContext;
import dev.dx.api.rpc.RpcMethod;
import dev.dx.api.rpc.Scope;
import dev.dx.api.session.Session;

/** {@code chat.send}: queue a message for a session's agent; answers at once with the run id, then events follow. */
@Component(service = RpcMethod.class)
@Rpc(method = "chat.send", scope = Scope.WRITE, category = "chat",
        description = "Send a message: {sessionKey?, message, idempotencyKey?} → {runId}; dx/chat/* events follow")
public final class ChatSendMethod implements RpcMethod {
    /** Parameters. */
    public record Params(String sessionKey, String message, String idempotencyKey) {
    }

    @Reference
    private RunManager runs;
    @Reference
    private SessionResolver sessions;

    @Override
    public Object call(RpcContext ctx) {
        Params p = ctx.params(Params.class);
        Session s = sessions.resolve(p.sessionKey(), AgentRegistry.DEFAULT, true);
        Run run = runs.submit(s, p.message(), p.idempotencyKey());
        return Map.of("runId", run.id(), "sessionKey", s.key(), "routingKey", s.routingKey(),
                "status", run.status().name().toLowerCase(java.util.Locale.ROOT));
    }
}
