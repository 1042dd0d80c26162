package dev.dx.approval.internal.rpc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.dx.api.rpc.Rpc;
import dev.dx.api.rpc.RpcContext;
import dev.dx.api.rpc.RpcException;
import dev.dx.api.rpc.RpcMethod;
import dev.dx.api.rpc.Scope;
import dev.dx.approval.internal.ApprovalService;
import dev.dx.approval.internal.policy.Policy;
import dev.dx.approval.internal.rules.Rule;
import dev.dx.approval.internal.rules.RuleParser;

/**
 * {@code exec.approvals.set}: replaces the policy (the keys given) and/or every rule (the list given). Everything is
 * checked before anything changes; the policy goes to {@code etc/dev.dx.approval.cfg} through {@code config.patch},
 * so the file stays the one place it lives, and applies at once.
 */
@Component(service = RpcMethod.class)
@Rpc(method = "exec.approvals.set", scope = Scope.ADMIN, category = "exec",
        description = "Replace the policy {security?, ask?, askTimeoutMs?, askFallback?} and/or all rules "
                + "[{executable, args, action, scope?, timeoutMs?, reason?, id?}]")
public final class ApprovalsSetMethod implements RpcMethod {
    private static final int MAX_RULES = 1000;

    /** Parameters: either or both. */
    public record Params(PolicyParams policy, List<RuleParams> rules) {
    }

    /** Policy keys to change; absent keys keep their value. */
    public record PolicyParams(String security, String ask, Long askTimeoutMs, String askFallback) {
    }

    /** One rule; see README "Exec approvals" for the pattern language. */
    public record RuleParams(String id, String executable, List<String> args, String action, String scope,
            Long timeoutMs, String reason) {
    }

    @Reference
    private ApprovalService service;
    @Reference
    private PolicyWriter writer;

    @Override
    public Object call(RpcContext ctx) {
        Params p = ctx.params(Params.class);
        if (p.policy() == null && p.rules() == null) {
            throw RpcException.invalidParams("Give policy, rules or both, e.g. {\"policy\":{\"security\":\"allowlist\"},"
                    + "\"rules\":[{\"executable\":\"git\",\"args\":[\"status\"],\"action\":\"auto-approve\"}]}");
        }
        Policy policy = null;
        if (p.policy() != null) {
            try {
                PolicyParams pp = p.policy();
                policy = service.policy().with(pp.security(), pp.ask(), pp.askTimeoutMs(), pp.askFallback());
            } catch (IllegalArgumentException e) {
                throw RpcException.invalidParams("policy." + e.getMessage());
            }
        }
        List<Rule> rules = p.rules() == null ? null : rules(p.rules(), Views.who(ctx.caller()));
        if (policy != null) {
            writer.write(ctx.caller(), policy);
            service.applyPolicy(policy);
        }
        if (rules != null) {
            service.replaceRules(rules);
        }
        return Views.approvals(service);
    }

    private List<Rule> rules(List<RuleParams> given, String who) {
        if (given.size() > MAX_RULES) {
            throw RpcException.invalidParams("At most " + MAX_RULES + " rules");
        }
        List<Rule> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Instant now = Instant.now();
        for (int i = 0; i < given.size(); i++) {
            RuleParams r = given.get(i);
            if (r == null) {
                throw RpcException.invalidParams("rules[" + i + "] is null");
            }
            Rule rule = RuleParser.parse("rules[" + i + "]", r.id(), r.executable(), r.args(), r.action(), r.scope(),
                    r.timeoutMs(), r.reason(), now, who);
            if (!ids.add(rule.id())) {
                throw RpcException.invalidParams("rules[" + i + "].id '" + rule.id() + "' is used twice");
            }
            out.add(unchanged(rule));
        }
        return out;
    }

    /** @return the stored rule when {@code r} is the same rule sent back unchanged (keeps who made it, and when) */
    private Rule unchanged(Rule r) {
        for (Rule old : service.rules()) {
            if (old.id().equals(r.id()) && old.executable().equals(r.executable()) && old.args().equals(r.args())
                    && old.action() == r.action() && old.scope().equals(r.scope())
                    && Objects.equals(old.timeoutMs(), r.timeoutMs()) && Objects.equals(old.reason(), r.reason())) {
                return old;
            }
        }
        return r;
    }
}
