package dev.dx.approval.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dx.api.approval.ExecDecision;
import dev.dx.api.approval.ExecRequest;
import dev.dx.api.event.Topics;
import dev.dx.api.rpc.ErrorCode;
import dev.dx.api.rpc.RpcException;
import dev.dx.approval.internal.flow.Answer;
import dev.dx.approval.internal.flow.Asks;
import dev.dx.approval.internal.rules.Rule;
import dev.dx.approval.internal.rules.RuleParser;

/** Asking a human: the event, the answers, the timeout and its fallback, and what a restart does to pending asks. */
class FlowTest {
    @TempDir
    Path dir;

    private Harness h;

    @BeforeEach
    void open() throws Exception {
        h = new Harness(dir, Map.of());
    }

    @AfterEach
    void close() {
        h.close();
    }

    private String onlyPendingId() {
        List<Map<String, Object>> pending = h.service.pending();
        assertEquals(1, pending.size(), pending.toString());
        return (String) pending.get(0).get("id");
    }

    @Test
    void anUnknownCommandIsAskedAndAllowedOnce() throws Exception {
        ExecRequest r = h.request("git", "fetch", "--all");
        CompletionStage<ExecDecision> stage = h.check(r);
        assertFalse(stage.toCompletableFuture().isDone());
        String id = onlyPendingId();

        Map<String, Object> requested = h.events.payloads(Topics.APPROVAL_REQUESTED).get(0);
        assertEquals(id, requested.get("id"));
        assertEquals("main", requested.get("agentId"));
        assertEquals("s-1", requested.get("sessionKey"));
        assertEquals(List.of("git", "fetch", "--all"), requested.get("argv"));
        assertEquals(h.work.toString(), requested.get("cwd"));
        assertEquals(List.of("API_KEY", "PATH"), requested.get("envNames"));
        assertEquals(h.bin.resolve("git").toString(), requested.get("executable"));
        assertTrue(((String) requested.get("why")).contains("no rule allows"), requested.toString());
        assertTrue(requested.get("expiresAt") instanceof java.time.Instant);
        assertFalse(requested.toString().contains("sk-secret-value"), "environment values are never announced");

        Map<String, Object> answer = h.service.resolve(id, Answer.ALLOW_ONCE, "user:test", null);
        assertEquals(true, answer.get("allowed"));
        ExecDecision d = Harness.await(stage);
        assertTrue(d.allowed());
        assertEquals(id, d.approvalId());
        assertEquals("user:test", d.decidedBy());
        assertEquals(List.of(), h.service.pending());
        Map<String, Object> resolved = h.events.payloads(Topics.APPROVAL_RESOLVED).get(0);
        assertEquals("allow-once", resolved.get("decision"));
        assertEquals("user:test", resolved.get("decidedBy"));

        assertTrue(h.service.claim(id, r));
        assertFalse(h.service.claim(id, r));
        Map<String, Object> row = h.audit(id);
        assertEquals("allowed", row.get("outcome"));
        assertEquals("user:test", row.get("decided_by"));
        assertEquals(1, row.get("asked"));

        assertFalse(h.check(r).toCompletableFuture().isDone(), "allow-once approves nothing more");
    }

    @Test
    void allowAlwaysStoresAnExactRule() throws Exception {
        ExecRequest r = h.request("git", "log", "--format=*", "--", "a b");
        CompletionStage<ExecDecision> stage = h.check(r);
        String id = onlyPendingId();
        Map<String, Object> answer = h.service.resolve(id, Answer.ALLOW_ALWAYS, "user:test", null);
        assertTrue(Harness.await(stage).allowed());
        Rule rule = h.service.rules().get(0);
        assertEquals(answer.get("ruleId"), rule.id());
        assertEquals(h.bin.resolve("git").toString(), rule.executable());
        assertEquals(List.of("log", "--format=\\*", "--", "a b"), rule.args(), "the * is the character, not a glob");
        assertEquals(Rule.Action.AUTO_APPROVE, rule.action());

        ExecDecision again = h.decide(r);
        assertEquals("rule:" + rule.id(), again.decidedBy());
        assertFalse(h.check(h.request("git", "log", "--format=%H", "--", "a b")).toCompletableFuture().isDone(),
                "a similar command is asked again");
        String second = onlyPendingId();
        h.service.resolve(second, Answer.DENY, "user:test", null);
        assertEquals(1, h.service.rules().size());
    }

    @Test
    void aDenialCarriesItsReasonAndAnsweringTwiceIsNotFound() throws Exception {
        CompletionStage<ExecDecision> stage = h.check(h.request("curl", "https://example.org"));
        String id = onlyPendingId();
        h.service.resolve(id, Answer.DENY, "user:test", "not today");
        ExecDecision d = Harness.await(stage);
        assertFalse(d.allowed());
        assertEquals("not today", d.reason());
        assertFalse(h.service.claim(id, h.request("curl", "https://example.org")));
        RpcException e = assertThrows(RpcException.class,
                () -> h.service.resolve(id, Answer.ALLOW_ONCE, "user:test", null));
        assertEquals(ErrorCode.NOT_FOUND, e.error());
        assertEquals(ErrorCode.INVALID_PARAMS, assertThrows(RpcException.class,
                () -> h.service.resolve("../x", Answer.DENY, "user:test", null)).error());
        assertEquals("denied", h.audit(id).get("outcome"));
        assertEquals("not today", h.audit(id).get("reason"));
    }

    @Test
    void nobodyAnsweringMeansTheFallbackDeny() throws Exception {
        h.configure(Map.of("askTimeoutMs", 1000L));
        ExecRequest r = h.request("curl", "https://example.org");
        ExecDecision d = Harness.await(h.check(r));
        assertFalse(d.allowed());
        assertEquals("fallback", d.decidedBy());
        assertTrue(d.reason().contains("Nobody answered within 1 s"), d.reason());
        Map<String, Object> row = h.audit(d.approvalId());
        assertEquals("denied", row.get("outcome"));
        assertEquals("fallback", row.get("decided_by"));
        assertEquals("fallback", h.events.payloads(Topics.APPROVAL_RESOLVED).get(0).get("decision"));
        assertEquals(List.of(), h.service.pending());
        assertFalse(h.service.claim(d.approvalId(), r));
    }

    @Test
    void theFallbackMayAllowWhenConfiguredSo() throws Exception {
        h.configure(Map.of("askTimeoutMs", 1000L, "askFallback", "allow"));
        ExecRequest r = h.request("curl", "https://example.org");
        ExecDecision d = Harness.await(h.check(r));
        assertTrue(d.allowed());
        assertEquals("fallback", d.decidedBy());
        assertNull(d.reason());
        assertTrue(h.service.claim(d.approvalId(), r));
    }

    @Test
    void aRequestRuleUsesItsOwnTimeout() throws Exception {
        h.service.addRule(RuleParser.parse("r", null, "curl", List.of("**"), "request",
                null, 1000L, null, Instant.now(), "user:test"));
        ExecDecision d = Harness.await(h.check(h.request("curl", "x")));
        assertEquals("fallback", d.decidedBy(), "the policy's two minutes did not apply");
    }

    @Test
    void pendingAsksDoNotOutliveTheServiceButDecisionsDo() throws Exception {
        h.rule("auto-approve", "global", "ls", "**");
        ExecDecision byRule = h.decide(h.request("ls"));
        CompletionStage<ExecDecision> waiting = h.check(h.request("curl", "x"));
        String id = onlyPendingId();
        h.restart();
        ExecDecision stopped = Harness.await(waiting);
        assertFalse(stopped.allowed());
        assertEquals("fallback", stopped.decidedBy());
        assertTrue(stopped.reason().contains("DX stopped"), stopped.reason());
        assertEquals("denied", h.audit(id).get("outcome"));
        assertEquals(List.of(), h.service.pending());
        assertEquals(1, h.service.rules().size(), "rules are stored");
        assertEquals("allowed", h.audit(byRule.approvalId()).get("outcome"), "the audit trail is stored");
        assertTrue(h.service.claim(byRule.approvalId(), h.request("ls")), "decisions outlive a restart");
    }

    @Test
    void askingLeftPendingByACrashIsDeniedAtTheNextStart() throws Exception {
        h.check(h.request("curl", "x"));
        String id = onlyPendingId();
        // a second instance on the same database while the first never denied its pending ask, as after kill -9
        ApprovalService next = new ApprovalService();
        Field f = ApprovalService.class.getDeclaredField("database");
        f.setAccessible(true);
        f.set(next, h.db);
        next.activate(TestConfigs.of(ApprovalConfig.class, Map.of("searchPath", new String[] {h.bin.toString()})));
        try {
            Map<String, Object> row = h.audit(id);
            assertEquals("denied", row.get("outcome"));
            assertEquals("fallback", row.get("decided_by"));
            assertEquals("DX stopped before anyone answered", row.get("reason"));
        } finally {
            next.deactivate();
        }
    }

    @Test
    void theQueueIsBounded() throws Exception {
        List<CompletionStage<ExecDecision>> stages = new ArrayList<>();
        for (int i = 0; i < Asks.MAX_PENDING; i++) {
            stages.add(h.check(h.request("curl", "https://example.org/" + i)));
        }
        assertEquals(Asks.MAX_PENDING, h.service.pending().size());
        ExecDecision refused = h.decide(h.request("curl", "one more"));
        assertFalse(refused.allowed());
        assertTrue(refused.reason().contains("already wait"), refused.reason());
        assertEquals("denied", h.audit(refused.approvalId()).get("outcome"));
        assertEquals(Asks.MAX_PENDING, h.service.status().get("pending"));
    }
}
