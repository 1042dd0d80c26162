package dev.dx.approval.internal.rpc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.dx.api.rpc.Caller;
import dev.dx.approval.internal.ApprovalService;
import dev.dx.approval.internal.rules.Rule;

/** What the approval methods answer with, and how they name their caller in the audit trail. */
final class Views {
    private Views() {
    }

    /** @return the policy and the rules, as {@code exec.approvals.get} shows them */
    static Map<String, Object> approvals(ApprovalService service) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("policy", service.policy().toMap());
        List<Map<String, Object>> rules = service.rules().stream().map(Rule::view).toList();
        m.put("rules", rules);
        return m;
    }

    /** @return {@code user:<connection>} and the client's own name, for {@code decidedBy} and {@code createdBy} */
    static String who(Caller c) {
        String client = c.client() == null || c.client().isBlank() ? "" : " (" + c.client().strip() + ")";
        return "user:" + c.connectionId() + client;
    }
}
