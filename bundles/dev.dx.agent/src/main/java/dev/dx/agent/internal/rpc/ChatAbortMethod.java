package dev.dx.agent.internal.rpc;

import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.dx.agent.internal.RunManager;
import dev.dx.api.rpc.Rpc;
import dev.dx.api.rpc.RpcContext;
import dev.dx.api.rpc.RpcMethod;
import dev.dx.api.rpc.Scope;

/** {@code chat.abort}: stop a queued or running run; the model call is cancelled and a running tool interrupted. */
@Component(service = RpcMethod.class)
@Rpc(method = "chat.abort", scope = Scope.WRITE, category = "chat", description = "Abort a run: {runId} → {aborted}")
public final class ChatAbortMethod implements RpcMethod {
    /** Parameters. */
    public record Params(String runId) {
    }

    @Reference
    private RunManager runs;

    @Override
    public Object call(RpcContext ctx) {
        return Map.of("aborted", runs.abort(ctx.params(Params.class).runId()));
    }
}
