package dev.dx.approval.internal.flow;

import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dx.api.approval.ExecDecision;
import dev.dx.api.approval.ExecRequest;
import dev.dx.api.rpc.RpcException;
import dev.dx.approval.internal.policy.Policy;
import dev.dx.approval.internal.policy.Verdict;
import dev.dx.approval.internal.rules.Resolved;
import dev.dx.approval.internal.store.AuditStore;
import dev.dx.approval.internal.store.Ids;

/** Decisions nobody is asked about — by a rule, the mode or the fallback — stored and announced. */
public final class Decisions {
    private static final Logger LOG = LoggerFactory.getLogger(Decisions.class);

    private final AuditStore audit;
    private final ApprovalEvents events;

    public Decisions(AuditStore audit, ApprovalEvents events) {
        this.audit = audit;
        this.events = events;
    }

    /**
     * @param exe the resolved program, or {@code null} for a request refused as malformed
     * @return the decision, with an id; refused if it could not be stored (an unstored decision cannot be claimed)
     */
    public ExecDecision record(ExecRequest request, Resolved exe, Verdict v, Policy p, Instant now) {
        boolean allowed = v.outcome() == Verdict.Outcome.ALLOW
                || (v.outcome() == Verdict.Outcome.FALLBACK && p.fallback() == Policy.Fallback.ALLOW);
        String id = Ids.next();
        String reason = allowed ? null : v.reason();
        try {
            audit.insert(new AuditStore.Row(id, request, exe == null ? null : exe.pathText(),
                    allowed ? "allowed" : "denied", v.decidedBy(), reason, null, now, null));
        } catch (RpcException e) {
            return new ExecDecision(false, id, v.decidedBy(), "The decision could not be recorded: " + e.getMessage());
        }
        LOG.debug("Approval {}: {} by {}", id, allowed ? "allowed" : "denied", v.decidedBy());
        int colon = v.decidedBy().indexOf(':');
        events.resolved(id, allowed, colon < 0 ? v.decidedBy() : v.decidedBy().substring(0, colon), v.decidedBy(),
                reason, null);
        return new ExecDecision(allowed, id, v.decidedBy(), reason);
    }
}
