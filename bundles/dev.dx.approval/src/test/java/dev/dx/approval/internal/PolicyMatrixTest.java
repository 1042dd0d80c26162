package dev.dx.approval.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
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
import dev.dx.approval.internal.flow.Answer;
import dev.dx.approval.internal.rules.Rule;

/** Every security × ask combination, with and without a matching rule, and what each leaves in the audit trail. */
class PolicyMatrixTest {
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

    /** What a check came to: "allow", "deny" or "ask", and by whom. */
    private String outcome(String security, String ask, boolean withRule) {
        h.configure(Map.of("security", security, "ask", ask));
        h.service.replaceRules(List.of());
        Rule rule = withRule ? h.rule("auto-approve", "global", "git", "status") : null;
        ExecRequest r = h.request("git", "status");
        CompletionStage<ExecDecision> s = h.check(r);
        if (!s.toCompletableFuture().isDone()) {
            List<Map<String, Object>> pending = h.service.pending();
            assertEquals(1, pending.size());
            String id = (String) pending.get(0).get("id");
            assertEquals("pending", h.audit(id).get("outcome"));
            assertEquals(1, h.audit(id).get("asked"));
            h.service.resolve(id, Answer.DENY, "user:test", "matrix");
            return "ask";
        }
        ExecDecision d = s.toCompletableFuture().join();
        Map<String, Object> row = h.audit(d.approvalId());
        assertEquals(d.allowed() ? "allowed" : "denied", row.get("outcome"), "audited as decided");
        assertEquals(d.decidedBy(), row.get("decided_by"));
        assertEquals(0, row.get("asked"));
        if (d.allowed()) {
            assertNull(d.reason());
            assertEquals(withRule ? "rule:" + rule.id() : "mode:" + security, d.decidedBy());
        } else {
            assertTrue(d.reason() != null && !d.reason().isBlank(), "a refusal says why");
        }
        return (d.allowed() ? "allow" : "deny") + " by " + d.decidedBy().replaceAll(":r-.*", ":rule");
    }

    @Test
    void theMatrix() {
        String[][] expected = {
            // security, ask, with an approving rule, without a rule
            {"deny", "off", "deny by mode:deny", "deny by mode:deny"},
            {"deny", "on-miss", "deny by mode:deny", "deny by mode:deny"},
            {"deny", "always", "deny by mode:deny", "deny by mode:deny"},
            {"allowlist", "off", "allow by rule:rule", "deny by mode:allowlist"},
            {"allowlist", "on-miss", "allow by rule:rule", "ask"},
            {"allowlist", "always", "ask", "ask"},
            {"full", "off", "allow by rule:rule", "allow by mode:full"},
            {"full", "on-miss", "allow by rule:rule", "allow by mode:full"},
            {"full", "always", "ask", "ask"},
        };
        for (String[] row : expected) {
            assertEquals(row[2], outcome(row[0], row[1], true), row[0] + "/" + row[1] + " with a rule");
            assertEquals(row[3], outcome(row[0], row[1], false), row[0] + "/" + row[1] + " without a rule");
        }
        assertEquals(0, h.service.pending().size());
    }

    @Test
    void denyAndRequestRulesInEveryMode() throws Exception {
        for (String security : new String[] {"allowlist", "full"}) {
            for (String ask : new String[] {"off", "on-miss", "always"}) {
                h.configure(Map.of("security", security, "ask", ask));
                h.service.replaceRules(List.of());
                Rule deny = h.rule("deny", "global", "rm", "**");
                ExecDecision d = h.decide(h.request("rm", "-rf", "/"));
                assertFalse(d.allowed(), security + "/" + ask + ": a deny rule always refuses, nobody is asked");
                assertEquals("rule:" + deny.id(), d.decidedBy());
                assertEquals("denied in a test", d.reason());

                Rule request = h.rule("request", "global", "curl", "**");
                CompletionStage<ExecDecision> s = h.check(h.request("curl", "https://example.org"));
                if (ask.equals("off")) {
                    ExecDecision f = s.toCompletableFuture().join();
                    assertFalse(f.allowed(), "nobody to ask: the fallback (deny) applies");
                    assertEquals("fallback", f.decidedBy());
                    assertTrue(f.reason().contains("Rule " + request.id()), f.reason());
                } else {
                    assertFalse(s.toCompletableFuture().isDone(), security + "/" + ask + ": a request rule asks");
                    Map<String, Object> p = h.service.pending().get(0);
                    assertTrue(((String) p.get("why")).contains("rule " + request.id()), p.toString());
                    h.service.resolve((String) p.get("id"), Answer.ALLOW_ONCE, "user:test", null);
                    assertTrue(Harness.await(s).allowed());
                }
            }
        }
        h.configure(Map.of("security", "allowlist", "ask", "off", "askFallback", "allow"));
        assertTrue(h.decide(h.request("curl", "x")).allowed(), "with fallback=allow, ask=off lets request rules run");
    }

    @Test
    void everyDecisionIsAnnounced() {
        h.configure(Map.of("security", "full", "ask", "off"));
        ExecDecision d = h.decide(h.request("ls"));
        Map<String, Object> resolved = h.events.payloads(Topics.APPROVAL_RESOLVED).get(0);
        assertEquals(d.approvalId(), resolved.get("id"));
        assertEquals(true, resolved.get("allowed"));
        assertEquals("mode", resolved.get("decision"));
        assertEquals("mode:full", resolved.get("decidedBy"));
    }
}
