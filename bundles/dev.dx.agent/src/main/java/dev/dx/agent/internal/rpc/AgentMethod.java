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
import dev.dx.api.rpc.RpcException;
import dev.dx.api.rpc.RpcMethod;
import dev.dx.api.rpc.Scope;
import dev.dx.api.session.Session;

/** {@code agent}: give an agent a message (its main session unless told otherwise); answers with the run id. */
@Component(service = RpcMethod.class)
@Rpc(method = "agent", scope = Scope.WRITE, category = "agents",
        description = "Run an agent: {agentId?, message, sessionKey?} → {runId}; use agent.wait for the answer")
public final class AgentMethod implements RpcMethod {
    /** Parameters. */
    public record Params(String agentId, String message, String sessionKey, String idempotencyKey) {
    }

    @Reference
    private RunManager runs;
    @Reference
    private SessionResolver sessions;
    @Reference
    private AgentRegistry agents;

    @Override
    public Object call(RpcContext ctx) {
        Params p = ctx.params(Params.class);
        String agentId = p.agentId() == null ? AgentRegistry.DEFAULT : p.agentId();
        agents.get(agentId);
        Session s = sessions.resolve(p.sessionKey() == null ? "agent:" + agentId + ":main" : p.sessionKey(), agentId,
                true);
        if (!s.agentId().equals(agentId)) {
            throw RpcException.invalidParams("Session " + s.key() + " belongs to agent " + s.agentId() + ", not " + agentId);
        }
        Run run = runs.submit(s, p.message(), p.idempotencyKey());
        return Map.of("runId", run.id(), "sessionKey", s.key(), "routingKey", s.routingKey());
    }
}
