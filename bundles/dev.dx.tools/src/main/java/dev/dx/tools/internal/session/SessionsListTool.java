package dev.dx.tools.internal.session;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.dx.api.rpc.RpcException;
import dev.dx.api.session.Page;
import dev.dx.api.session.Session;
import dev.dx.api.session.SessionQuery;
import dev.dx.api.session.SessionState;
import dev.dx.api.session.SessionStore;
import dev.dx.api.tool.Tool;
import dev.dx.api.tool.ToolInvocation;
import dev.dx.api.tool.ToolName;
import dev.dx.api.tool.ToolResult;
import dev.dx.api.tool.ToolSpec;
import dev.dx.tools.internal.ArgumentException;
import dev.dx.tools.internal.Args;
import dev.dx.tools.internal.Schemas;

/** {@code sessions_list}: the calling agent's sessions, most recently updated first. Absent without a store. */
@Component(service = Tool.class, immediate = true)
@ToolName("sessions_list")
public final class SessionsListTool implements Tool {
    private static final ToolSpec SPEC = new ToolSpec("sessions_list", "List your sessions (conversations), most "
            + "recently updated first, with their keys for sessions_history.",
            Schemas.object(Schemas.props(
                    "state", Map.of("type", "string", "enum", List.of("active", "archived", "all"),
                            "description", "Which sessions, default active"),
                    "limit", Schemas.integer("Most sessions to list, default 20", 1, 100),
                    "cursor", Schemas.string("The cursor from the previous page")),
                    List.of()));

    @Reference
    private SessionStore store;

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public ToolResult invoke(ToolInvocation call) {
        try {
            Args args = Args.of(call.arguments(), Set.of("state", "limit", "cursor"));
            String state = args.string("state", "active").toLowerCase(Locale.ROOT);
            if (!Set.of("active", "archived", "all").contains(state)) {
                return ToolResult.error("'state' must be active, archived or all.");
            }
            int limit = (int) args.integer("limit", 20, 1, 100);
            String cursor = args.string("cursor", null);
            if (cursor != null && cursor.length() > 512) {
                return ToolResult.error("'cursor' is not one sessions_list returned.");
            }
            if (call.agentId() == null) {
                return ToolResult.error("sessions_list needs the calling agent's id.");
            }
            Page<Session> page = store.list(new SessionQuery(call.agentId(),
                    state.equals("all") ? null : SessionState.valueOf(state.toUpperCase(Locale.ROOT)), null, limit,
                    cursor));
            StringBuilder sb = new StringBuilder();
            for (Session s : page.items()) {
                sb.append(SessionText.header(s)).append('\n');
            }
            if (page.items().isEmpty()) {
                sb.append("No ").append(state.equals("all") ? "" : state + " ").append("sessions.\n");
            }
            if (page.nextCursor() != null) {
                sb.append("[more: call again with cursor=\"").append(page.nextCursor()).append("\"]\n");
            }
            return new ToolResult(sb.toString(), false, Map.of("count", page.items().size()));
        } catch (ArgumentException e) {
            return ToolResult.error(e.getMessage());
        } catch (RpcException e) {
            return ToolResult.error("Cannot list sessions: " + e.getMessage());
        }
    }
}
