package dev.dx.approval.internal;

import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dx.api.approval.ExecApprovals;
import dev.dx.api.approval.ExecDecision;
import dev.dx.api.approval.ExecRequest;
import dev.dx.api.db.Database;
import dev.dx.api.rpc.RpcException;
import dev.dx.api.status.StatusContributor;
import dev.dx.approval.internal.flow.Answer;
import dev.dx.approval.internal.flow.ApprovalEvents;
import dev.dx.approval.internal.flow.Asks;
import dev.dx.approval.internal.flow.Decisions;
import dev.dx.approval.internal.policy.Decider;
import dev.dx.approval.internal.policy.Policy;
import dev.dx.approval.internal.policy.Verdict;
import dev.dx.approval.internal.rules.Resolved;
import dev.dx.approval.internal.rules.Resolver;
import dev.dx.approval.internal.rules.Rule;
import dev.dx.approval.internal.rules.RuleMatcher;
import dev.dx.approval.internal.store.ApprovalSchema;
import dev.dx.approval.internal.store.AuditEntry;
import dev.dx.approval.internal.store.AuditStore;
import dev.dx.approval.internal.store.Ids;
import dev.dx.approval.internal.store.RuleStore;

/**
 * {@link ExecApprovals} on the DX database: the policy from configuration, rules and the audit trail in
 * {@code dx.db} (component {@value ApprovalSchema#COMPONENT}), humans asked through {@link Asks}. Every check is
 * audited and gets an id, and only an allowed, stored decision can be claimed — once, for exactly that command.
 * Registered under its own class too, for the RPC methods and shell commands of this bundle.
 */
@Component(service = {ExecApprovals.class, StatusContributor.class, ApprovalService.class},
        configurationPid = ApprovalConfig.PID, immediate = true)
@Designate(ocd = ApprovalConfig.class)
public final class ApprovalService implements ExecApprovals, StatusContributor {
    private static final Logger LOG = LoggerFactory.getLogger(ApprovalService.class);

    @Reference
    private Database database;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventAdmin eventAdmin;

    private volatile Policy policy;
    private volatile Resolver resolver;
    private volatile RuleMatcher matcher;
    private volatile long claimWindowMs;
    private volatile int retentionDays;
    private volatile boolean active;
    private AuditStore audit;
    private RuleStore rules;
    private Decisions decisions;
    private Asks asks;

    @Activate
    void activate(ApprovalConfig config) throws SQLException {
        configure(config);
        database.migrate(ApprovalSchema.COMPONENT, ApprovalSchema.MIGRATIONS);
        audit = new AuditStore(database);
        rules = new RuleStore(database);
        int left = audit.denyLeftovers(Instant.now());
        if (left > 0) {
            LOG.info("{} approvals left pending when DX stopped are recorded as denied by the fallback", left);
        }
        rules.load();
        ApprovalEvents events = new ApprovalEvents(() -> eventAdmin);
        decisions = new Decisions(audit, events);
        asks = new Asks(database, audit, rules, events, () -> policy);
        asks.timer().scheduleWithFixedDelay(this::prune, 1, TimeUnit.DAYS.toMinutes(1), TimeUnit.MINUTES);
        active = true;
    }

    @Modified
    void modified(ApprovalConfig config) {
        configure(config);
    }

    @Deactivate
    void deactivate() {
        active = false;
        asks.stop();
    }

    private void configure(ApprovalConfig c) {
        try {
            Policy p = Policy.of(c.security(), c.ask(), c.askTimeoutMs(), c.askFallback());
            if (c.claimWindowMs() < 1000 || c.auditRetentionDays() < 1) {
                throw new IllegalArgumentException("claimWindowMs must be 1000 or more and auditRetentionDays 1 or more");
            }
            Resolver r = new Resolver(List.of(c.searchPath()));
            this.resolver = r;
            this.matcher = new RuleMatcher(r);
            this.claimWindowMs = c.claimWindowMs();
            this.retentionDays = c.auditRetentionDays();
            this.policy = p;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("etc/dev.dx.approval.cfg: " + e.getMessage(), e);
        }
    }

    @Override
    public CompletionStage<ExecDecision> check(ExecRequest request) {
        Objects.requireNonNull(request, "request must not be null");
        if (!active) {
            return CompletableFuture.completedStage(new ExecDecision(false, Ids.next(), "fallback",
                    "Exec approvals are stopping; nothing may run now"));
        }
        Instant now = Instant.now();
        Policy p = policy;
        String problem = Requests.problem(request);
        Resolved exe = problem == null ? resolver.resolve(request.argv().get(0), request.cwd()) : null;
        Verdict v = problem != null
                ? new Verdict(Verdict.Outcome.DENY, "mode:" + Policy.wire(p.security()), "Refused: " + problem, 0)
                : Decider.decide(p, matcher.best(rules.all(), request, exe), exe.launcher());
        if (v.outcome() == Verdict.Outcome.ASK) {
            CompletionStage<ExecDecision> asked = asks.ask(request, exe, v.reason(), v.timeoutMs(), now);
            if (asked != null) {
                return asked;
            }
            v = new Verdict(Verdict.Outcome.DENY, "fallback", Asks.MAX_PENDING + " commands already wait for a "
                    + "decision; answer or deny some (approvals:list), then try again", 0);
        }
        return CompletableFuture.completedStage(decisions.record(request, exe, v, p, now));
    }

    @Override
    public boolean claim(String approvalId, ExecRequest request) {
        if (!Ids.valid(approvalId) || request == null || !active) {
            return false;
        }
        try {
            boolean claimed = audit.claim(approvalId, request, Instant.now(), claimWindowMs);
            if (!claimed) {
                LOG.warn("Approval {} was not claimed: it is not allowed, already used, too old, or for a "
                        + "different command", approvalId);
            }
            return claimed;
        } catch (RpcException e) {
            LOG.warn("Approval {} could not be claimed: {}", approvalId, e.getMessage());
            return false;
        }
    }

    /** @return the policy in force */
    public Policy policy() {
        return policy;
    }

    /** Applies a policy at once; {@code exec.approvals.set} has written it to the configuration too. */
    public void applyPolicy(Policy p) {
        this.policy = Objects.requireNonNull(p, "policy must not be null");
    }

    /** @return every rule, oldest first */
    public List<Rule> rules() {
        return rules.all();
    }

    public void addRule(Rule r) {
        rules.add(r);
    }

    public boolean removeRule(String id) {
        return rules.remove(id);
    }

    public void replaceRules(List<Rule> next) {
        rules.replace(next);
    }

    /** @return the commands waiting for a human, soonest expiry first */
    public List<Map<String, Object>> pending() {
        return asks.list();
    }

    /** @see Asks#resolve */
    public Map<String, Object> resolve(String id, Answer answer, String who, String reason) {
        return asks.resolve(id, answer, who, reason);
    }

    /** @return up to {@code limit} audit entries before {@code beforeId}, newest first */
    public List<AuditEntry> audit(String beforeId, int limit) {
        return audit.page(beforeId, limit);
    }

    @Override
    public String name() {
        return "approvals";
    }

    @Override
    public Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>(policy.toMap());
        m.put("state", active ? "ok" : "stopped");
        m.put("pending", asks == null ? 0 : asks.size());
        m.put("rules", rules == null ? 0 : rules.all().size());
        return m;
    }

    private void prune() {
        try {
            int gone = audit.prune(Instant.now().minus(retentionDays, ChronoUnit.DAYS));
            LOG.debug("Approval audit trail: {} entries older than {} days removed", gone, retentionDays);
        } catch (RuntimeException e) {
            LOG.warn("The approval audit trail could not be pruned: {}", e.getMessage());
        }
    }
}
