package dev.dx.agent.internal.tools;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.dx.agent.internal.AgentRegistry;
import dev.dx.agent.internal.Run;
import dev.dx.agent.internal.RunManager;
import dev.dx.agent.internal.SessionResolver;
import dev.dx.api.rpc.RpcException;
import dev.dx.api.session.Session;
import dev.dx.api.tool.Tool;
import dev.dx.api.tool.ToolInvocation;
import dev.dx.api.tool.ToolName;
import dev.dx.api.tool.ToolResult;
import dev.dx.api.tool.ToolSpec;

/**
 * {@code sessions_send}: lets an agent hand a message to another session (another agent, or the same agent's other
 * conversation) and optionally wait for the answer. Sending to its own session is refused: the run would wait for
 * itself.
 */
@Component(service = Tool.class)
@ToolName("sessions_send")
public final class SessionsSendTool implements Tool {
    static final long MAX_WAIT_SECONDS = 300;
    private static final java.util.Set<String> ARGUMENTS = java.util.Set.of("sessionKey", "message", "waitSeconds");
    private static final ToolSpec SPEC = new ToolSpec("sessions_send",
            "Send a message to another session and optionally wait for its agent's answer. sessionKey is a session "
                    + "id or a routing key such as agent:research:main.",
            Map.of("type", "object", "additionalProperties", false, "required", java.util.List.of("sessionKey", "message"),
                    "properties", Map.of(
                            "sessionKey", Map.of("type", "string"),
                            "message", Map.of("type", "string"),
                            "waitSeconds", Map.of("type", "integer", "minimum", 0, "maximum", MAX_WAIT_SECONDS,
                                    "description", "0 (default): do not wait"))));

    @Reference
    private RunManager runs;
    @Reference
    private SessionResolver sessions;

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public ToolResult invoke(ToolInvocation inv) {
        Map<String, Object> a = inv.arguments();
        for (String k : a.keySet()) {
            if (!ARGUMENTS.contains(k)) {
                return ToolResult.error("Unknown argument '" + k + "'; use sessionKey, message, waitSeconds");
            }
        }
        if (!(a.get("sessionKey") instanceof String) || !(a.get("message") instanceof String)) {
            return ToolResult.error("sessionKey and message must be strings");
        }
        long wait = a.get("waitSeconds") instanceof Number ? ((Number) a.get("waitSeconds")).longValue() : 0;
        if (wait < 0 || wait > MAX_WAIT_SECONDS) {
            return ToolResult.error("waitSeconds must be between 0 and " + MAX_WAIT_SECONDS);
        }
        Session target;
        try {
            target = sessions.resolve((String) a.get("sessionKey"), AgentRegistry.DEFAULT, true);
        } catch (RpcException e) {
            return ToolResult.error(e.getMessage());
        }
        if (target.key().equals(inv.sessionKey())) {
            return ToolResult.error("That is this session; answer directly instead of sending to yourself");
        }
        Run run = runs.submit(target, (String) a.get("message"), null);
        if (wait == 0) {
            return ToolResult.ok("Sent (run " + run.id() + ") to session " + target.key());
        }
        try {
            Run done = run.done().get(wait, TimeUnit.SECONDS);
            Map<String, Object> s = done.summary();
            return done.status() == Run.Status.OK ? ToolResult.ok(String.valueOf(s.get("text")))
                    : ToolResult.error("The other agent's run ended with " + s.get("status") + ": " + s.get("error"));
        } catch (TimeoutException e) {
            return ToolResult.ok("No answer within " + wait + " s; run " + run.id() + " is still going");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ToolResult.error("Interrupted while waiting");
        } catch (java.util.concurrent.ExecutionException e) {
            return ToolResult.error("The other run failed");
        }
    }
}
