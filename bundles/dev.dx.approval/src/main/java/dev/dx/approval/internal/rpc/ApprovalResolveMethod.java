package dev.dx.approval.internal.rpc;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.dx.api.rpc.Rpc;
import dev.dx.api.rpc.RpcContext;
import dev.dx.api.rpc.RpcException;
import dev.dx.api.rpc.RpcMethod;
import dev.dx.api.rpc.Scope;
import dev.dx.approval.internal.ApprovalService;
import dev.dx.approval.internal.flow.Answer;

/** {@code exec.approval.resolve}: an approver's answer to a pending command. */
@Component(service = RpcMethod.class)
@Rpc(method = "exec.approval.resolve", scope = Scope.APPROVALS, category = "exec",
        description = "Answer a pending approval: {id, decision: allow-once | allow-always | deny, reason?}")
public final class ApprovalResolveMethod implements RpcMethod {
    /** Parameters. */
    public record Params(String id, String decision, String reason) {
    }

    @Reference
    private ApprovalService service;

    @Override
    public Object call(RpcContext ctx) {
        Params p = ctx.params(Params.class);
        if (p.id() == null || p.decision() == null) {
            throw RpcException.invalidParams("Give id and decision, e.g. {\"id\":\"01J…\",\"decision\":\"allow-once\"}");
        }
        if (p.reason() != null && p.reason().length() > 1000) {
            throw RpcException.invalidParams("reason must be at most 1000 characters");
        }
        return service.resolve(p.id(), Answer.of(p.decision()), Views.who(ctx.caller()), p.reason());
    }
}
