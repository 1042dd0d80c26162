package dev.dx.agent.internal.rpc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.dx.agent.internal.AgentRegistry;
import dev.dx.agent.internal.AgentSettings;
import dev.dx.agent.internal.ToolCatalog;
import dev.dx.api.rpc.Rpc;
import dev.dx.api.rpc.RpcContext;
import dev.dx.api.rpc.RpcMethod;
import dev.dx.api.rpc.Scope;
import dev.dx.api.tool.ToolSpec;

/** {@code tools.catalog}: every tool with its schema, and whether an agent may use it. */
@Component(service = RpcMethod.class)
@Rpc(method = "tools.catalog", scope = Scope.READ, category = "agents",
        description = "Tools available now: {agentId?} → name, description, parameters, allowed")
public final class ToolsCatalogMethod implements RpcMethod {
    /** Parameters. */
    public record Params(String agentId) {
    }

    @Reference
    private ToolCatalog tools;
    @Reference
    private AgentRegistry agents;

    @Override
    public Object call(RpcContext ctx) {
        Params p = ctx.params(Params.class);
        AgentSettings agent = agents.get(p.agentId() == null ? AgentRegistry.DEFAULT : p.agentId());
        List<Map<String, Object>> out = new ArrayList<>();
        for (ToolCatalog.Entry e : tools.all()) {
            ToolSpec spec = e.tool().spec();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", spec.name());
            m.put("description", spec.description());
            m.put("parameters", spec.parameters());
            m.put("allowed", agent.allows(spec.name()));
            out.add(m);
        }
        return Map.of("agentId", agent.id(), "tools", out);
    }
}
