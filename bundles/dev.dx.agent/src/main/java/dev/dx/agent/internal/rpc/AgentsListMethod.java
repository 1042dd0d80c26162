package dev.dx.agent.internal.rpc;

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

/** {@code agents.list}: the configured agents with their model chain, workspace and tools. */
@Component(service = RpcMethod.class)
@Rpc(method = "agents.list", scope = Scope.READ, category = "agents",
        description = "The configured agents: id, models, workspace, tools")
public final class AgentsListMethod implements RpcMethod {
    @Reference
    private AgentRegistry agents;
    @Reference
    private ToolCatalog tools;

    @Override
    public Object call(RpcContext ctx) {
        return agents.all().stream().map(this::describe).toList();
    }

    private Map<String, Object> describe(AgentSettings a) {
        List<String> toolNames = tools.forAgent(a).stream().map(ToolCatalog.Entry::name).toList();
        return Map.of("id", a.id(), "models", a.models(), "workspace", a.workspace().toString(), "tools", toolNames,
                "thinking", a.thinking(), "contextTokens", a.contextTokens(), "bindings", a.bindings());
    }
}
