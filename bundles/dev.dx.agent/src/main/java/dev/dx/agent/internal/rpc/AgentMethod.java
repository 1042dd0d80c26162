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

/**
 * {@code agent}: give an agent a message (its main session unless told otherwise; for an inbound route without an
 * agent id, the bound agent); answers with the run id.
 */
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
        if (p.agentId() != null) {
            agents.get(p.agentId());
        }
        // without an agent id, an inbound route goes where the bindings say and no key means main's main session
        Session s = sessions.resolve(p.sessionKey(), p.agentId(), true);
        if (p.agentId() != null && !s.agentId().equals(p.agentId())) {
            throw RpcException.invalidParams("Session " + s.key() + " belongs to agent " + s.agentId() + ", not "
                    + p.agentId());
        }
        Run run = runs.submit(s, p.message(), p.idempotencyKey());
        return Map.of("runId", run.id(), "sessionKey", s.key(), "routingKey", s.routingKey());
    }
}
