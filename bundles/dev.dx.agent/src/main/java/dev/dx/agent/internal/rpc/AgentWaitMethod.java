package dev.dx.agent.internal.rpc;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.dx.agent.internal.Run;
import dev.dx.agent.internal.RunManager;
import dev.dx.api.rpc.Rpc;
import dev.dx.api.rpc.RpcContext;
import dev.dx.api.rpc.RpcException;
import dev.dx.api.rpc.RpcMethod;
import dev.dx.api.rpc.Scope;

/**
 * {@code agent.wait}: the run's outcome once it ends, or its current status when {@code timeoutMs} passes first.
 * Waits without holding a thread.
 */
@Component(service = RpcMethod.class)
@Rpc(method = "agent.wait", scope = Scope.READ, category = "agents",
        description = "Wait for a run: {runId, timeoutMs?} → status (ok|error|aborted|running) and text")
public final class AgentWaitMethod implements RpcMethod {
    static final long MAX_WAIT_MS = 600_000;

    /** Parameters. */
    public record Params(String runId, Long timeoutMs) {
    }

    @Reference
    private RunManager runs;

    @Override
    public Object call(RpcContext ctx) {
        Params p = ctx.params(Params.class);
        long timeout = p.timeoutMs() == null ? 30_000 : p.timeoutMs();
        if (timeout < 0 || timeout > MAX_WAIT_MS) {
            throw RpcException.invalidParams("timeoutMs must be between 0 and " + MAX_WAIT_MS);
        }
        Run run = runs.get(p.runId());
        return run.done().thenApply(Run::summary)
                .completeOnTimeout(null, timeout, TimeUnit.MILLISECONDS)
                .thenApply(s -> s != null ? s : running(run));
    }

    private static Map<String, Object> running(Run run) {
        Map<String, Object> m = new LinkedHashMap<>(run.summary());
        m.put("timedOut", true);
        return m;
    }
}
