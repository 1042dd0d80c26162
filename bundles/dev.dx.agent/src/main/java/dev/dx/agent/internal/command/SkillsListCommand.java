package dev.dx.agent.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import dev.dx.agent.internal.AgentRegistry;
import dev.dx.agent.internal.skills.Skill;
import dev.dx.agent.internal.skills.SkillRegistry;

/** {@code skills:list}: an agent's skills, eligible or not, with what is missing. */
@Service
@Command(scope = "skills", name = "list", description = "Lists an agent's skills and why any is not eligible")
public final class SkillsListCommand implements Action {
    @Reference
    private SkillRegistry skills;
    @Reference
    private AgentRegistry agents;

    @Argument(index = 0, name = "agent", description = "Agent id (default main)")
    private String agent = AgentRegistry.DEFAULT;

    @Override
    public Object execute() {
        ShellTable t = new ShellTable();
        t.column("Skill");
        t.column("Source");
        t.column("Eligible");
        t.column("Description / missing").maxSize(70).wrap();
        for (Skill s : skills.all(agents.get(agent))) {
            t.addRow().addContent(s.name(), s.source(), s.eligible() ? "yes" : "no",
                    s.eligible() ? s.description() : String.join("; ", s.missing()));
        }
        t.print(System.out);
        return null;
    }
}
