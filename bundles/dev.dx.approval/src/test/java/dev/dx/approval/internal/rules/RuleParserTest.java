package dev.dx.approval.internal.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.dx.api.rpc.ErrorCode;
import dev.dx.api.rpc.RpcException;

/** Rules are refused, with the field named and a way to write it, whenever they could be read two ways. */
class RuleParserTest {
    private static Rule parse(String executable, List<String> args, String action, String scope, Long timeout) {
        return RuleParser.parse("rules[0]", null, executable, args, action, scope, timeout, null, Instant.now(), "t");
    }

    private static String refused(String executable, List<String> args, String action, String scope, Long timeout) {
        RpcException e = assertThrows(RpcException.class, () -> parse(executable, args, action, scope, timeout));
        assertEquals(ErrorCode.INVALID_PARAMS, e.error());
        return e.getMessage();
    }

    @Test
    void goodRules() {
        Rule r = parse("/usr/bin/git", List.of("log", "**"), "auto-approve", null, null);
        assertEquals("global", r.scope());
        assertTrue(r.id().matches("r-[a-z0-9]{8}"), r.id());
        assertEquals(1, parse("git", List.of(), "deny", "agent:main", null).specificity());
        assertEquals(2, parse("git", List.of("**"), "request", "session:01ABC", 5000L).specificity());
        assertEquals("a-b", RuleParser.parse("x", "a-b", "ls", List.of(), "deny", null, null, null, Instant.now(), "t")
                .id());
    }

    @Test
    void ambiguousRulesAreRefusedWithTheFieldNamed() {
        assertTrue(refused("git", null, "auto-approve", null, null).startsWith("rules[0].args is required"));
        assertTrue(refused("git", List.of(), "allow", null, null).startsWith("rules[0].action must be"));
        assertTrue(refused("", List.of(), "deny", null, null).startsWith("rules[0].executable"));
        assertTrue(refused(" git", List.of(), "deny", null, null).startsWith("rules[0].executable"));
        assertTrue(refused("g*t", List.of(), "deny", null, null).contains("wildcards are not allowed"));
        assertTrue(refused("bin/git", List.of(), "deny", null, null).contains("absolute path"));
        assertTrue(refused("/usr/bin/../bin/git", List.of(), "deny", null, null).contains("without . or .."));
        assertTrue(refused("/usr/bin/git/", List.of(), "deny", null, null).contains("absolute path"));
        assertTrue(refused("git", List.of("log**"), "deny", null, null).startsWith("rules[0].args[0]"));
        assertTrue(refused("git", List.of("a", "b\\"), "deny", null, null).startsWith("rules[0].args[1]"));
        assertTrue(refused("git", Arrays.asList("a", null), "deny", null, null).startsWith("rules[0].args[1]"));
        assertTrue(refused("git", List.of(), "deny", "agent:", null).startsWith("rules[0].scope"));
        assertTrue(refused("git", List.of(), "deny", "user:me", null).startsWith("rules[0].scope"));
        assertTrue(refused("git", List.of(), "deny", null, 5000L).startsWith("rules[0].timeoutMs"));
        assertTrue(refused("git", List.of(), "request", null, 10L).startsWith("rules[0].timeoutMs"));
        assertTrue(refused("bash", List.of("-c", "*"), "auto-approve", null, null).contains("spell out"));
        assertTrue(refused("/bin/sh", List.of("**"), "auto-approve", null, null).contains("spell out"));
        assertTrue(refused("python3.12", List.of("-c", "print(?)"), "auto-approve", null, null).contains("spell out"));
        assertThrows(RpcException.class, () -> RuleParser.parse("x", "Bad Id", "ls", List.of(), "deny", null, null,
                null, Instant.now(), "t"));
    }
}
