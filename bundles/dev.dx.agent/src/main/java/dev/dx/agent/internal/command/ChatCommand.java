package dev.dx.agent.internal.command;

import java.io.PrintStream;
import java.util.concurrent.ExecutionException;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

import dev.dx.agent.internal.Run;
import dev.dx.agent.internal.RunManager;
import dev.dx.agent.internal.SessionResolver;

/**
 * {@code agent:chat}: a conversation with an agent in the console, answers streamed as they are written. Type
 * {@code /exit} (or Ctrl-D) to leave, {@code /abort} is Ctrl-C while an answer streams.
 */
@Service
@Command(scope = "agent", name = "chat", description = "Chat with an agent in the console (streamed answers; /exit to leave)")
public final class ChatCommand implements Action {
    @Reference
    private RunManager runs;
    @Reference
    private SessionResolver sessions;
    @Reference
    private Session console;

    @Argument(index = 0, name = "agent", description = "Agent id (default main)")
    private String agent = "main";

    @Option(name = "--session", description = "Session id or routing key (default agent:<agent>:main)")
    private String sessionKey;

    @Override
    public Object execute() throws Exception {
        PrintStream out = console.getConsole();
        dev.dx.api.session.Session s = sessions.resolve(sessionKey == null ? "agent:" + agent + ":main" : sessionKey,
                agent, true);
        out.println("Chatting with " + s.agentId() + " in " + s.routingKey() + " — /exit to leave");
        while (true) {
            String line;
            try {
                line = console.readLine("you> ", null);
            } catch (Exception e) {
                break;
            }
            if (line == null || line.strip().equals("/exit")) {
                break;
            }
            if (line.isBlank()) {
                continue;
            }
            Exchange.run(runs, s, line, out);
        }
        return null;
    }

    /** Sends one message and prints the streamed answer; shared with {@code agent:send}. */
    static final class Exchange {
        private Exchange() {
        }

        static Run run(RunManager runs, dev.dx.api.session.Session s, String message, PrintStream out)
                throws InterruptedException {
            Run run = runs.submit(s, message, null);
            out.print(s.agentId() + "> ");
            run.watch(d -> {
                out.print(d);
                out.flush();
            });
            try {
                Run done = run.done().get();
                out.println();
                if (done.status() != Run.Status.OK) {
                    out.println("[" + done.summary().get("status") + "] " + done.summary().get("error"));
                }
            } catch (InterruptedException e) {
                runs.abort(run.id());
                out.println();
                out.println("[aborted]");
                throw e;
            } catch (ExecutionException e) {
                out.println("[failed] " + e.getCause());
            }
            return run;
        }
    }
}
