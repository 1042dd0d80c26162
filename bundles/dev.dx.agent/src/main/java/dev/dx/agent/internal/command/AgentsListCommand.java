package dev.dx.agent.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import dev.dx.agent.internal.AgentRegistry;
import dev.dx.agent.internal.AgentSettings;
import dev.dx.agent.internal.ToolCatalog;

/** {@code agents:list}: the configured agents. */
@Service
@Command(scope = "agents", name = "list", description = "Lists the configured agents")
public final class AgentsListCommand implements Action {
    @Reference
    private AgentRegistry agents;
    @Reference
    private ToolCatalog tools;

    @Override
    public Object execute() {
        ShellTable t = new ShellTable();
        t.column("Agent");
        t.column("Models");
        t.column("Workspace");
        t.column("Tools").maxSize(50).wrap();
        for (AgentSettings a : agents.all()) {
            t.addRow().addContent(a.id(), String.join(" → ", a.models()), a.workspace(),
                    String.join(", ", tools.forAgent(a).stream().map(ToolCatalog.Entry::name).toList()));
        }
        t.print(System.out);
        return null;
    }
}
