package dev.dx.agent.internal.command;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

import dev.dx.agent.internal.RunManager;
import dev.dx.agent.internal.SessionResolver;

/** {@code agent:send}: one message to an agent, its answer streamed to the console. */
@Service
@Command(scope = "agent", name = "send", description = "Sends one message to an agent and prints the answer")
public final class SendCommand implements Action {
    @Reference
    private RunManager runs;
    @Reference
    private SessionResolver sessions;
    @Reference
    private Session console;

    @Argument(index = 0, name = "message", required = true, multiValued = true, description = "The message")
    private List<String> message;

    @Option(name = "--agent", description = "Agent id (default main)")
    private String agent = "main";

    @Option(name = "--session", description = "Session id or routing key (default agent:<agent>:main)")
    private String sessionKey;

    @Override
    public Object execute() throws Exception {
        dev.dx.api.session.Session s = sessions.resolve(sessionKey == null ? "agent:" + agent + ":main" : sessionKey,
                agent, true);
        ChatCommand.Exchange.run(runs, s, String.join(" ", message), console.getConsole());
        return null;
    }
}
