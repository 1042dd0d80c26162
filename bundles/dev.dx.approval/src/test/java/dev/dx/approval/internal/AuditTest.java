package dev.dx.approval.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import dev.dx.approval.internal.flow.Answer;
import dev.dx.approval.internal.rules.Rule;
import dev.dx.approval.internal.store.AuditEntry;

/** Every path through a check leaves one audit row saying who decided, why, and whether the command was started. */
class AuditTest {
    @TempDir
    Path dir;

    private Harness h;

    @BeforeEach
    void open() throws Exception {
        h = new Harness(dir, Map.of("askTimeoutMs", 1000L));
    }

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void everyPathIsAudited() throws Exception {
        Rule ls = h.rule("auto-approve", "global", "ls", "**");
        Rule rm = h.rule("deny", "global", "rm", "**");
        ExecRequest lsRequest = h.request("ls", "-la");
        ExecDecision byRule = h.decide(lsRequest);
        h.service.claim(byRule.approvalId(), lsRequest);
        ExecDecision denied = h.decide(h.request("rm", "-rf", "/"));
        ExecDecision malformed = h.decide(h.request("ls", "a\0b"));
        CompletionStage<ExecDecision> asked = h.check(h.request("curl", "x"));
        String askedId = (String) h.service.pending().get(0).get("id");
        h.service.resolve(askedId, Answer.ALLOW_ONCE, "user:alice", null);
        ExecDecision byUser = Harness.await(asked);
        ExecDecision byFallback = Harness.await(h.check(h.request("curl", "y")));
        h.configure(Map.of("security", "deny"));
        ExecDecision byMode = h.decide(h.request("ls"));

        row(byRule, "allowed", "rule:" + ls.id(), false);
        assertNotNull(h.audit(byRule.approvalId()).get("claimed_at"));
        row(denied, "denied", "rule:" + rm.id(), false);
        row(malformed, "denied", "mode:allowlist", false);
        assertTrue(((String) h.audit(malformed.approvalId()).get("reason")).contains("NUL"));
        row(byUser, "allowed", "user:alice", true);
        assertNull(h.audit(byUser.approvalId()).get("claimed_at"));
        row(byFallback, "denied", "fallback", true);
        row(byMode, "denied", "mode:deny", false);
        assertEquals(6, h.audit().size());

        Map<String, Object> r = h.audit(byRule.approvalId());
        assertEquals("main", r.get("agent_id"));
        assertEquals("s-1", r.get("session_key"));
        assertEquals("[\"ls\",\"-la\"]", r.get("argv"));
        assertEquals(h.work.toString(), r.get("cwd"));
        assertEquals("[\"API_KEY\",\"PATH\"]", r.get("env_names"));
        assertEquals(h.bin.resolve("ls").toString(), r.get("executable"));
        assertNotNull(r.get("requested_at"));
        assertNotNull(r.get("decided_at"));

        List<AuditEntry> page1 = h.service.audit(null, 4);
        assertEquals(4, page1.size());
        assertEquals(byMode.approvalId(), page1.get(0).id(), "newest first");
        List<AuditEntry> page2 = h.service.audit(page1.get(3).id(), 4);
        assertEquals(2, page2.size());
        assertEquals(byRule.approvalId(), page2.get(1).id());
        assertEquals(List.of("ls", "-la"), page2.get(1).argv());
        assertEquals(List.of("API_KEY", "PATH"), page2.get(1).envNames());
    }

    private void row(ExecDecision d, String outcome, String decidedBy, boolean asked) {
        Map<String, Object> r = h.audit(d.approvalId());
        assertEquals(outcome, r.get("outcome"), d.toString());
        assertEquals(decidedBy, r.get("decided_by"), d.toString());
        assertEquals(decidedBy, d.decidedBy());
        assertEquals(asked ? 1 : 0, r.get("asked"), d.toString());
        assertEquals(outcome.equals("allowed"), d.allowed());
    }
}
