package dev.dx.approval.internal.flow;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dx.api.approval.ExecDecision;
import dev.dx.api.approval.ExecRequest;
import dev.dx.api.db.Database;
import dev.dx.api.rpc.RpcException;
import dev.dx.approval.internal.policy.Policy;
import dev.dx.approval.internal.rules.ArgPattern;
import dev.dx.approval.internal.rules.Resolved;
import dev.dx.approval.internal.rules.Rule;
import dev.dx.approval.internal.rules.RuleParser;
import dev.dx.approval.internal.store.AuditStore;
import dev.dx.approval.internal.store.Ids;
import dev.dx.approval.internal.store.RuleStore;

/**
 * Commands waiting for a human: stored as pending, announced, decided once — by an approver, by the fallback when the
 * time is up, or denied when DX stops (pending approvals do not outlive the process that would run them). A decision
 * is stored before the waiting caller hears it, so an allowed command can always be claimed.
 */
public final class Asks {
    /** At most this many commands wait at once; more are refused rather than queued without bound. */
    public static final int MAX_PENDING = 100;
    private static final Logger LOG = LoggerFactory.getLogger(Asks.class);

    private final Database db;
    private final AuditStore audit;
    private final RuleStore rules;
    private final ApprovalEvents events;
    private final Supplier<Policy> policy;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor timer;

    public Asks(Database db, AuditStore audit, RuleStore rules, ApprovalEvents events, Supplier<Policy> policy) {
        this.db = db;
        this.audit = audit;
        this.rules = rules;
        this.events = events;
        this.policy = policy;
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "dx-approval-timeouts");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
    }

    /** @return the timer, for housekeeping of the owning component */
    public ScheduledExecutorService timer() {
        return timer;
    }

    /**
     * @return the stage a human will complete (refused at once if the request cannot be stored), or {@code null}
     *         when too many commands wait already
     */
    public CompletionStage<ExecDecision> ask(ExecRequest request, Resolved exe, String why, long timeoutMs,
            Instant now) {
        if (pending.size() >= MAX_PENDING) {
            return null;
        }
        Pending p = new Pending(Ids.next(), request, exe, why, now, now.plusMillis(timeoutMs));
        try {
            audit.insert(new AuditStore.Row(p.id, request, exe.pathText(), "pending", null, null, why, now,
                    p.expiresAt));
        } catch (RpcException e) {
            return CompletableFuture.completedStage(new ExecDecision(false, p.id, "fallback",
                    "The request could not be recorded, so nobody can be asked: " + e.getMessage()));
        }
        pending.put(p.id, p);
        try {
            p.timeout = timer.schedule(() -> expire(p), timeoutMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            fallback(p, false, "DX stopped before anyone answered");
            return p.future.minimalCompletionStage();
        }
        LOG.debug("Approval {} waits for a human until {}", p.id, p.expiresAt);
        events.requested(p);
        return p.future.minimalCompletionStage();
    }

    /**
     * Decides a pending command.
     *
     * @param who    who decided, e.g. {@code user:dx}
     * @param reason for a refusal, what the agent is told; may be {@code null}
     * @return the decision, and the id of the rule an allow-always stored
     * @throws RpcException {@code NOT_FOUND} when nothing of that id waits (decided, expired or never asked)
     */
    public Map<String, Object> resolve(String id, Answer answer, String who, String reason) {
        if (!Ids.valid(id)) {
            throw RpcException.invalidParams("id must be an approval id: 26 letters and digits, as approvals:list and "
                    + "exec.approval.list show them");
        }
        Pending p = pending.get(id);
        if (p == null) {
            throw RpcException.notFound("No command waits for approval " + id + "; it was decided, timed out, or never "
                    + "existed. approvals:list and exec.approval.list show what waits");
        }
        boolean allowed = answer != Answer.DENY;
        String why = allowed ? null : reason == null || reason.isBlank() ? "Denied by " + who : reason.trim();
        Rule wanted = answer == Answer.ALLOW_ALWAYS ? exactRule(p, who) : null;
        Rule known = wanted == null ? null : existing(wanted);
        Rule rule = known == null ? wanted : null;
        synchronized (p) {
            if (p.done) {
                throw RpcException.notFound("Approval " + id + " was decided a moment ago");
            }
            db.write("the decision on approval " + id, c -> {
                AuditStore.decide(c, id, allowed, who, why, Instant.now());
                if (rule == null) {
                    return null;
                }
                RuleStore.insert(c, rule);
                return RuleStore.all(c);
            }, now -> {
                if (now != null) {
                    rules.committed(now);
                }
            });
            p.done = true;
        }
        String ruleId = known != null ? known.id() : rule != null ? rule.id() : null;
        finish(p, new ExecDecision(allowed, id, who, why), answer.wire(), ruleId);
        LOG.info("Approval {} decided by {}: {}", id, who, answer.wire());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("id", id);
        result.put("allowed", allowed);
        result.put("decision", answer.wire());
        result.put("decidedBy", who);
        if (ruleId != null) {
            result.put("ruleId", ruleId);
        }
        return result;
    }

    /** @return what waits, soonest expiry first */
    public List<Map<String, Object>> list() {
        List<Pending> all = new ArrayList<>(pending.values());
        all.sort(Comparator.comparing((Pending p) -> p.expiresAt).thenComparing(p -> p.id));
        return all.stream().map(Pending::view).toList();
    }

    /** @return how many commands wait */
    public int size() {
        return pending.size();
    }

    /** Denies everything that waits, as audited fallback decisions, and stops the timer. */
    public void stop() {
        for (Pending p : new ArrayList<>(pending.values())) {
            fallback(p, false, "DX stopped before anyone answered");
        }
        timer.shutdownNow();
    }

    private void expire(Pending p) {
        Policy now = policy.get();
        boolean allow = now.fallback() == Policy.Fallback.ALLOW;
        fallback(p, allow, "Nobody answered within " + Duration.between(p.requestedAt, p.expiresAt).toSeconds()
                + " s; the fallback is to " + (allow ? "allow" : "deny"));
    }

    private void fallback(Pending p, boolean allow, String reason) {
        boolean allowed = allow;
        synchronized (p) {
            if (p.done) {
                return;
            }
            try {
                db.write("the fallback decision on approval " + p.id,
                        c -> AuditStore.decide(c, p.id, allow, "fallback", reason, Instant.now()));
            } catch (RpcException e) {
                // not recorded means it cannot be claimed: tell the caller no, whatever the fallback says
                LOG.warn("Approval {}: the fallback decision could not be stored: {}", p.id, e.getMessage());
                allowed = false;
            }
            p.done = true;
        }
        finish(p, new ExecDecision(allowed, p.id, "fallback", allowed ? null : reason), "fallback", null);
        LOG.info("Approval {} decided by the fallback: {}", p.id, allowed ? "allowed" : "denied");
    }

    private void finish(Pending p, ExecDecision d, String decision, String ruleId) {
        pending.remove(p.id, p);
        if (p.timeout != null) {
            p.timeout.cancel(false);
        }
        // announced before the waiting caller hears it, so whoever sees the decision can also find its event
        events.resolved(p.id, d.allowed(), decision, d.decidedBy(), d.reason(), ruleId);
        // completed on another thread: whatever the caller chained on the stage must not run on an approver's call
        p.future.completeAsync(() -> d);
    }

    /** @return a rule approving exactly this program with exactly these arguments, for every agent */
    private Rule exactRule(Pending p, String who) {
        String exe = p.exe.pathText() != null ? p.exe.pathText() : p.request.argv().get(0);
        List<String> args = p.request.argv().subList(1, p.request.argv().size()).stream()
                .map(ArgPattern::escape).toList();
        return new Rule(RuleParser.newId(), exe, args, Rule.Action.AUTO_APPROVE, Rule.GLOBAL, null,
                "approved always by " + who, Instant.now(), who);
    }

    /** @return the rule that already approves exactly what {@code wanted} would, or {@code null} */
    private Rule existing(Rule wanted) {
        for (Rule r : rules.all()) {
            if (r.action() == wanted.action() && r.scope().equals(wanted.scope())
                    && r.executable().equals(wanted.executable()) && r.args().equals(wanted.args())) {
                return r;
            }
        }
        return null;
    }
}
