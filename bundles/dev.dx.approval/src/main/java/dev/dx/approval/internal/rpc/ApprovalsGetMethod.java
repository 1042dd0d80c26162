package dev.dx.approval.internal.rpc;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.dx.api.rpc.Rpc;
import dev.dx.api.rpc.RpcContext;
import dev.dx.api.rpc.RpcMethod;
import dev.dx.api.rpc.Scope;
import dev.dx.approval.internal.ApprovalService;

/**
 * {@code exec.approvals.get}: the policy and the rules. Approvers only: an allow-always rule spells out a command
 * exactly, and commands may carry secrets in their arguments.
 */
@Component(service = RpcMethod.class)
@Rpc(method = "exec.approvals.get", scope = Scope.APPROVALS, category = "exec",
        description = "The exec approval policy (security, ask, askTimeoutMs, askFallback) and the rules")
public final class ApprovalsGetMethod implements RpcMethod {
    @Reference
    private ApprovalService service;

    @Override
    public Object call(RpcContext ctx) {
        ctx.params(Empty.class);
        return Views.approvals(service);
    }

    /** No parameters. */
    public record Empty() {
    }
}
