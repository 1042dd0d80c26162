package dev.dx.approval.internal.rpc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.dx.api.rpc.Rpc;
import dev.dx.api.rpc.RpcContext;
import dev.dx.api.rpc.RpcException;
import dev.dx.api.rpc.RpcMethod;
import dev.dx.api.rpc.Scope;
import dev.dx.approval.internal.ApprovalService;
import dev.dx.approval.internal.store.AuditEntry;
import dev.dx.approval.internal.store.Ids;

/** {@code exec.approval.list}: what waits for a decision, and the audit trail newest first, paged. */
@Component(service = RpcMethod.class)
@Rpc(method = "exec.approval.list", scope = Scope.APPROVALS, category = "exec",
        description = "Pending approvals and the audit trail, newest first: {limit? (50, max 500), cursor?}")
public final class ApprovalListMethod implements RpcMethod {
    /** Parameters; all optional. */
    public record Params(Integer limit, String cursor) {
    }

    @Reference
    private ApprovalService service;

    @Override
    public Object call(RpcContext ctx) {
        Params p = ctx.params(Params.class);
        int limit = p.limit() == null ? 50 : p.limit();
        if (limit < 1 || limit > 500) {
            throw RpcException.invalidParams("limit must be between 1 and 500");
        }
        if (p.cursor() != null && !Ids.valid(p.cursor())) {
            throw RpcException.invalidParams("cursor must be the nextCursor of an earlier answer");
        }
        List<AuditEntry> items = service.audit(p.cursor(), limit + 1);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pending", service.pending());
        m.put("items", items.subList(0, Math.min(limit, items.size())));
        m.put("nextCursor", items.size() > limit ? items.get(limit - 1).id() : null);
        return m;
    }
}
