package dev.dx.session.internal.command;

import java.util.Locale;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import dev.dx.api.rpc.RpcException;
import dev.dx.api.session.Page;
import dev.dx.api.session.Session;
import dev.dx.api.session.SessionQuery;
import dev.dx.api.session.SessionState;
import dev.dx.api.session.SessionStore;

/** {@code sessions:list}: sessions, most recently updated first. */
@Service
@Command(scope = "sessions", name = "list", description = "Lists sessions, most recently updated first")
public final class ListCommand implements Action {
    @Reference
    private SessionStore store;

    @Option(name = "--agent", description = "Only this agent's sessions")
    private String agent;

    @Option(name = "--state", description = "Only sessions in this state: active or archived")
    private String state;

    @Option(name = "--routing", description = "Only sessions whose routing key starts with this")
    private String routing;

    @Option(name = "-n", aliases = "--limit", description = "How many sessions to show (1 to 1000, default 50)")
    private int limit = 50;

    @Override
    public Object execute() {
        try {
            SessionState s = state == null ? null : SessionState.valueOf(state.toUpperCase(Locale.ROOT));
            Page<Session> page = store.list(new SessionQuery(agent, s, routing, limit, null));
            ShellTable t = new ShellTable();
            t.column("Key");
            t.column("Agent");
            t.column("Routing key");
            t.column("State");
            t.column("Entries").alignRight();
            t.column("Updated");
            for (Session x : page.items()) {
                String st = x.state().name().toLowerCase(Locale.ROOT)
                        + (x.metadata().containsKey("quarantined") ? " QUARANTINED" : "");
                t.addRow().addContent(x.key(), x.agentId(), x.routingKey(), st, x.messageCount(), x.updatedAt());
            }
            t.print(System.out);
            if (page.nextCursor() != null) {
                System.out.println("More sessions exist; use --limit or filters to see them");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("--state must be active or archived");
        } catch (RpcException e) {
            System.err.println(e.getMessage());
        }
        return null;
    }
}
