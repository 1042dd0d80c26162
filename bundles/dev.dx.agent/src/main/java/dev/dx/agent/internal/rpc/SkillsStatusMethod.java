package dev.dx.agent.internal.rpc;

import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.dx.agent.internal.AgentRegistry;
import dev.dx.agent.internal.AgentSettings;
import dev.dx.agent.internal.skills.Skill;
import dev.dx.agent.internal.skills.SkillRegistry;
import dev.dx.api.rpc.Rpc;
import dev.dx.api.rpc.RpcContext;
import dev.dx.api.rpc.RpcMethod;
import dev.dx.api.rpc.Scope;

/** {@code skills.status}: an agent's skills, eligible or not, and for those that are not, why. */
@Component(service = RpcMethod.class)
@Rpc(method = "skills.status", scope = Scope.READ, category = "agents",
        description = "Skills of an agent: {agentId?} → name, description, path, eligible, missing")
public final class SkillsStatusMethod implements RpcMethod {
    /** Parameters. */
    public record Params(String agentId) {
    }

    @Reference
    private SkillRegistry skills;
    @Reference
    private AgentRegistry agents;

    @Override
    public Object call(RpcContext ctx) {
        Params p = ctx.params(Params.class);
        AgentSettings agent = agents.get(p.agentId() == null ? AgentRegistry.DEFAULT : p.agentId());
        return Map.of("agentId", agent.id(), "skills", skills.all(agent).stream().map(SkillsStatusMethod::describe).toList());
    }

    static Map<String, Object> describe(Skill s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("description", s.description());
        m.put("path", s.path().toString());
        m.put("source", s.source());
        m.put("eligible", s.eligible());
        m.put("missing", s.missing());
        m.put("requires", Map.of("bins", s.bins(), "env", s.env(), "os", s.os()));
        return m;
    }
}
