package dev.dx.session.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import dev.dx.api.rpc.RpcException;
import dev.dx.api.session.HistoryQuery;
import dev.dx.api.session.Message;
import dev.dx.api.session.Session;
import dev.dx.api.session.SessionStore;

/** {@code sessions:show}: a session's header and its last entries. */
@Service
@Command(scope = "sessions", name = "show", description = "Shows a session and its last entries")
public final class ShowCommand implements Action {
    private static final int TEXT_WIDTH = 80;

    @Reference
    private SessionStore store;

    @Argument(index = 0, name = "key", required = true, description = "Session key (sessions:list shows them)")
    @Completion(SessionKeyCompleter.class)
    private String key;

    @Option(name = "-n", aliases = "--entries", description = "How many of the last entries to show (default 20)")
    private int entries = 20;

    @Override
    public Object execute() {
        try {
            Session s = store.get(key).orElse(null);
            if (s == null) {
                System.err.println("No session " + key + "; sessions:list shows the sessions there are");
                return null;
            }
            System.out.println("Session:  " + s.key() + " (" + s.state().name().toLowerCase(java.util.Locale.ROOT) + ")");
            System.out.println("Agent:    " + s.agentId());
            System.out.println("Routing:  " + s.routingKey());
            System.out.println("Created:  " + s.createdAt() + ", updated " + s.updatedAt());
            System.out.println("Model:    " + (s.model() == null ? "-" : s.model()) + ", tokens in " + s.inputTokens()
                    + " / out " + s.outputTokens());
            System.out.println("Entries:  " + s.messageCount() + ", last seq " + s.lastSeq());
            System.out.println("Metadata: " + s.metadata());
            int n = Math.max(1, Math.min(entries, 10_000));
            ShellTable t = new ShellTable();
            t.column("Seq").alignRight();
            t.column("Role");
            t.column("Time");
            t.column("Tokens").alignRight();
            t.column("Text");
            for (Message m : store.history(key, new HistoryQuery(Math.max(0, s.lastSeq() - n), n, true)).items()) {
                t.addRow().addContent(m.seq() + (m.compactedBy() != null ? "*" : ""), m.role(), m.createdAt(),
                        m.tokens(), summary(m));
            }
            t.print(System.out);
        } catch (RpcException e) {
            System.err.println(e.getMessage());
        }
        return null;
    }

    /** One line: the tool name for tool entries, then the text, without line breaks, shortened. */
    static String summary(Message m) {
        String text = m.text() == null ? "" : m.text();
        if (m.toolCall() != null) {
            text = m.toolCall().name() + (m.toolCall().error() ? " (error)" : "") + ": "
                    + (m.toolCall().arguments() != null ? m.toolCall().arguments() : text);
        }
        text = text.replaceAll("\\s+", " ").trim();
        return text.length() > TEXT_WIDTH ? text.substring(0, TEXT_WIDTH - 1) + "…" : text;
    }
}
