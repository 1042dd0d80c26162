package dev.dx.approval.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dx.api.approval.ExecDecision;
import dev.dx.api.approval.ExecRequest;

/** A decision is bound to exactly one command — argv, cwd, environment, agent, session — and used once. */
class ClaimTest {
    @TempDir
    Path dir;

    private Harness h;
    private ExecRequest approved;
    private ExecDecision decision;

    @BeforeEach
    void open() throws Exception {
        h = new Harness(dir, Map.of("ask", "off"));
        h.rule("auto-approve", "global", "git", "log", "**");
        approved = h.request(Map.of("HOME", "/home/dx", "API_KEY", "sk-secret-value"), "git", "log", "-n", "5");
        decision = h.decide(approved);
        assertTrue(decision.allowed());
    }

    @AfterEach
    void close() {
        h.close();
    }

    private ExecRequest with(List<String> argv, String cwd, Map<String, String> env) {
        return new ExecRequest(approved.agentId(), approved.sessionKey(), argv, cwd, env);
    }

    @Test
    void aClaimSucceedsOnceForExactlyTheApprovedCommand() {
        assertTrue(h.service.claim(decision.approvalId(), approved));
        assertFalse(h.service.claim(decision.approvalId(), approved), "single use");
        assertEquals(1, h.audit().size());
        assertTrue(h.audit(decision.approvalId()).get("claimed_at") != null);
    }

    @Test
    void anyDifferenceIsRefusedAndDoesNotUseTheApproval() {
        Map<String, String> env = approved.env();
        Map<String, String> changedValue = new HashMap<>(env);
        changedValue.put("API_KEY", "sk-other-value");
        Map<String, String> added = new HashMap<>(env);
        added.put("LD_PRELOAD", "/tmp/evil.so");
        Map<String, String> removed = new HashMap<>(env);
        removed.remove("HOME");
        List<ExecRequest> others = List.of(
                with(List.of("git", "log", "-n", "6"), approved.cwd(), env),
                with(List.of("git", "log", "-n", "5", "-p"), approved.cwd(), env),
                with(List.of("git", "log", "-n 5"), approved.cwd(), env),
                with(List.of("git", "log", "-n", "5 "), approved.cwd(), env),
                with(List.of(h.bin.resolve("git").toString(), "log", "-n", "5"), approved.cwd(), env),
                with(approved.argv(), approved.cwd() + "/sub", env),
                with(approved.argv(), "/", env),
                with(approved.argv(), approved.cwd(), changedValue),
                with(approved.argv(), approved.cwd(), added),
                with(approved.argv(), approved.cwd(), removed),
                new ExecRequest("other-agent", approved.sessionKey(), approved.argv(), approved.cwd(), env),
                new ExecRequest(approved.agentId(), "other-session", approved.argv(), approved.cwd(), env));
        for (ExecRequest other : others) {
            assertFalse(h.service.claim(decision.approvalId(), other), other.toString());
        }
        assertEquals(others.size(), ((Number) h.audit(decision.approvalId()).get("claim_refusals")).intValue());
        assertTrue(h.service.claim(decision.approvalId(), approved), "the approved command still may run, once");
        assertFalse(h.service.claim(decision.approvalId(), approved));
    }

    @Test
    void refusalsUnknownIdsAndStaleDecisionsCannotBeClaimed() {
        ExecDecision denied = h.decide(h.request("rm", "-rf", "/"));
        assertFalse(denied.allowed());
        assertFalse(h.service.claim(denied.approvalId(), h.request("rm", "-rf", "/")));
        assertFalse(h.service.claim("01ARZ3NDEKTSV4RRFFQ69G5FAV", approved));
        assertFalse(h.service.claim("../../etc/passwd", approved));
        assertFalse(h.service.claim(null, approved));
        assertFalse(h.service.claim(decision.approvalId(), null));

        // ten minutes pass (the claim window): the decision is too old to start the command
        h.db.write("age", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE approval_audit SET decided_at = decided_at - 600001 WHERE id = ?")) {
                ps.setString(1, decision.approvalId());
                return ps.executeUpdate();
            }
        });
        assertFalse(h.service.claim(decision.approvalId(), approved));
    }

    @Test
    void onlyAHashOfTheEnvironmentIsStored() {
        for (Map<String, Object> row : h.audit()) {
            for (Map.Entry<String, Object> column : row.entrySet()) {
                Object v = column.getValue();
                String text = v instanceof byte[] ? new String((byte[]) v, StandardCharsets.ISO_8859_1)
                        : String.valueOf(v);
                assertFalse(text.contains("sk-secret-value"), column.getKey() + " holds an environment value");
            }
            assertEquals(32, ((byte[]) row.get("binding")).length);
            assertEquals("[\"API_KEY\",\"HOME\"]", row.get("env_names"));
        }
    }
}
