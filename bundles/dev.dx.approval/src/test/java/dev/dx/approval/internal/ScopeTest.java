package dev.dx.approval.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dx.api.approval.ExecDecision;
import dev.dx.api.approval.ExecRequest;
import dev.dx.approval.internal.rules.Rule;
import dev.dx.approval.internal.rules.RuleParser;

/** The most specific scope decides; at equal specificity deny beats request beats approve. */
class ScopeTest {
    @TempDir
    Path dir;

    private Harness h;

    @BeforeEach
    void open() throws Exception {
        // ask=off: anything no rule approves is refused at once, so every outcome is immediate
        h = new Harness(dir, Map.of("ask", "off"));
    }

    @AfterEach
    void close() {
        h.close();
    }

    private ExecDecision as(String agent, String session, String... argv) {
        return h.decide(new ExecRequest(agent, session, List.of(argv), h.work.toString(), Map.of()));
    }

    @Test
    void rulesApplyOnlyToTheirAgentOrSession() {
        Rule agent = h.rule("auto-approve", "agent:main", "ls", "**");
        Rule session = h.rule("auto-approve", "session:s-9", "git", "status");
        assertEquals("rule:" + agent.id(), as("main", "s-1", "ls", "-l").decidedBy());
        assertFalse(as("other", "s-1", "ls", "-l").allowed(), "another agent");
        assertEquals("rule:" + session.id(), as("other", "s-9", "git", "status").decidedBy());
        assertFalse(as("main", "s-1", "git", "status").allowed(), "another session");
        assertFalse(as(null, null, "ls").allowed(), "no agent, no session: only global rules apply");
    }

    @Test
    void theMostSpecificScopeWins() {
        Rule global = h.rule("deny", "global", "git", "push", "**");
        Rule agent = h.rule("auto-approve", "agent:main", "git", "push", "origin", "main");
        Rule session = h.rule("deny", "session:s-1", "git", "push", "**");
        ExecDecision d = as("main", "s-1", "git", "push", "origin", "main");
        assertEquals("rule:" + session.id(), d.decidedBy(), "session beats agent");
        assertEquals("rule:" + agent.id(), as("main", "s-2", "git", "push", "origin", "main").decidedBy(),
                "agent beats global");
        assertEquals("rule:" + global.id(), as("other", "s-2", "git", "push", "origin", "main").decidedBy());
    }

    @Test
    void denyWinsAtEqualSpecificityWhateverTheOrder() {
        Rule approve = h.rule("auto-approve", "agent:main", "git", "**");
        Rule deny = h.rule("deny", "agent:main", "git", "push", "**");
        Rule approveAfter = h.rule("auto-approve", "agent:main", "git", "push", "origin");
        ExecDecision d = as("main", "s-1", "git", "push", "origin");
        assertFalse(d.allowed());
        assertEquals("rule:" + deny.id(), d.decidedBy());
        assertEquals("rule:" + approve.id(), as("main", "s-1", "git", "log").decidedBy());
        h.service.removeRule(deny.id());
        assertTrue(as("main", "s-1", "git", "push", "origin").allowed());
        assertTrue(List.of("rule:" + approve.id(), "rule:" + approveAfter.id())
                .contains(as("main", "s-1", "git", "push", "origin").decidedBy()));
    }

    @Test
    void requestBeatsApproveAtEqualSpecificity() {
        h.configure(Map.of("ask", "off"));
        h.rule("auto-approve", "global", "curl", "**");
        Rule request = h.rule("request", "global", "curl", "**", "--upload-file", "**");
        ExecDecision d = as("main", "s-1", "curl", "--upload-fil", "secrets.txt", "https://x");
        assertFalse(d.allowed(), "asking is off, so the request rule falls back to deny");
        assertTrue(d.reason().contains(request.id()), d.reason());
        assertTrue(as("main", "s-1", "curl", "https://x").allowed());
    }

    @Test
    void rulesKeepTheOrderTheyWereGivenIn() {
        List<Rule> given = List.of(
                RuleParser.parse("a", "z-last-by-name", "ls", List.of(), "deny", null,
                        null, null, Instant.EPOCH, "t"),
                RuleParser.parse("b", "a-first-by-name", "ls", List.of("**"),
                        "auto-approve", null, null, null, Instant.EPOCH, "t"));
        h.service.replaceRules(given);
        assertEquals(List.of("z-last-by-name", "a-first-by-name"), h.service.rules().stream().map(Rule::id).toList());
        Rule added = h.rule("deny", "global", "rm", "**");
        assertEquals(added.id(), h.service.rules().get(2).id());
    }
}
