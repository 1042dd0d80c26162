package dev.dx.tools.internal.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.dx.api.rpc.RpcException;
import dev.dx.api.session.HistoryQuery;
import dev.dx.api.session.Message;
import dev.dx.api.session.Page;
import dev.dx.api.session.Session;
import dev.dx.api.session.SessionStore;
import dev.dx.api.tool.Tool;
import dev.dx.api.tool.ToolInvocation;
import dev.dx.api.tool.ToolName;
import dev.dx.api.tool.ToolResult;
import dev.dx.api.tool.ToolSpec;
import dev.dx.tools.internal.ArgumentException;
import dev.dx.tools.internal.Args;
import dev.dx.tools.internal.Schemas;

/** {@code sessions_history}: the latest entries of one of the calling agent's sessions, size-capped. */
@Component(service = Tool.class, immediate = true)
@ToolName("sessions_history")
public final class SessionsHistoryTool implements Tool {
    private static final Pattern ULID = Pattern.compile("[0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{26}");
    private static final int MAX_TOTAL_CHARS = 30_000;
    private static final ToolSpec SPEC = new ToolSpec("sessions_history", "Read the latest messages of one of your "
            + "sessions (keys come from sessions_list). Long messages are shortened.",
            Schemas.object(Schemas.props(
                    "sessionKey", Schemas.string("The session key"),
                    "limit", Schemas.integer("Most recent entries to return, default 20", 1, 200),
                    "beforeSeq", Schemas.integer("Only entries before this sequence number (for older pages)", 2,
                            Long.MAX_VALUE)),
                    List.of("sessionKey")));

    @Reference
    private SessionStore store;

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public ToolResult invoke(ToolInvocation call) {
        try {
            Args args = Args.of(call.arguments(), Set.of("sessionKey", "limit", "beforeSeq"));
            String key = args.string("sessionKey");
            if (!ULID.matcher(key).matches()) {
                return ToolResult.error("'" + SessionText.clip(key, 40) + "' is not a session key (26 letters and "
                        + "digits); take one from sessions_list.");
            }
            int limit = (int) args.integer("limit", 20, 1, 200);
            Optional<Session> session = store.get(key);
            // another agent's session is reported like a missing one: its existence is not ours to reveal
            if (session.isEmpty() || !session.get().agentId().equals(call.agentId())) {
                return ToolResult.error("No session " + key + " of yours; list them with sessions_list.");
            }
            long before = args.integer("beforeSeq", session.get().lastSeq() + 1, 2, Long.MAX_VALUE);
            long after = Math.max(0, before - 1 - limit);
            Page<Message> page = store.history(key, new HistoryQuery(after, (int) (before - 1 - after), false));
            return render(session.get(), page.items(), after);
        } catch (ArgumentException e) {
            return ToolResult.error(e.getMessage());
        } catch (RpcException e) {
            return ToolResult.error("Cannot read the session: " + e.getMessage());
        }
    }

    /** The newest entries that fit the cap, in order, after a note on where older ones continue. */
    private static ToolResult render(Session s, List<Message> messages, long after) {
        String header = SessionText.header(s) + "\n";
        List<String> entries = new ArrayList<>();
        int total = header.length();
        for (int i = messages.size() - 1; i >= 0; i--) {
            String entry = SessionText.entry(messages.get(i));
            if (total + entry.length() > MAX_TOTAL_CHARS) {
                break;
            }
            total += entry.length();
            entries.add(0, entry);
        }
        int first = messages.size() - entries.size();
        StringBuilder sb = new StringBuilder(header);
        if (first > 0 || after > 0) {
            long older = first < messages.size() ? messages.get(first).seq() : after + 1;
            sb.append("[older entries exist: call again with beforeSeq=").append(older).append("]\n");
        }
        entries.forEach(sb::append);
        return new ToolResult(sb.toString(), false, Map.of("sessionKey", s.key(), "entries", entries.size()));
    }
}
