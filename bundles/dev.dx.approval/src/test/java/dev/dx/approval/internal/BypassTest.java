package dev.dx.approval.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dx.api.approval.ExecDecision;
import dev.dx.api.rpc.RpcException;
import dev.dx.approval.internal.rules.Rule;

/**
 * SECURITY-TESTS "Exec and fetch": what was approved is what runs, and wrappers do not slip past a rule. Each refusal
 * has its allowed twin. The policy is allowlist with ask=off, so "not approved" is an immediate refusal.
 */
class BypassTest {
    @TempDir
    Path dir;

    private Harness h;
    private Rule gitStatus;

    @BeforeEach
    void open() throws Exception {
        h = new Harness(dir, Map.of("ask", "off"));
        gitStatus = h.rule("auto-approve", "global", h.bin.resolve("git").toString(), "status");
    }

    @AfterEach
    void close() {
        h.close();
    }

    private boolean allowed(String... argv) {
        ExecDecision d = h.decide(h.request(argv));
        return d.allowed();
    }

    @Test
    void aRuleForGitStatusApprovesExactlyThat() {
        String git = h.bin.resolve("git").toString();
        assertTrue(allowed(git, "status"));
        assertTrue(allowed("git", "status"), "a bare name resolved on the search path to the same program");
        assertTrue(allowed(h.bin + "/../bin/git", "status"), "the same path, spelled longer");
        assertFalse(allowed(git, "status "), "trailing space");
        assertFalse(allowed(git, " status"));
        assertFalse(allowed(git, "status;rm"), "shell characters are argument bytes");
        assertFalse(allowed(git, "status", ";", "rm", "-rf", "/"));
        assertFalse(allowed(git, "status && rm -rf /"));
        assertFalse(allowed(git, "status\nrm"));
        assertFalse(allowed(git, "status", "--porcelain"), "the rule's args do not allow more");
        assertFalse(allowed(git, "$(rm -rf /)"));
        assertFalse(allowed(git, "`rm -rf /`"));
        assertFalse(allowed(git, "stat*"), "a glob in the request is just a character");
        assertFalse(allowed(git, "status\\\nrm"), "line continuation");
        assertFalse(allowed(git, "status\0rm"), "NUL would cut the argument short");
        assertFalse(allowed(git, "STATUS"));
        assertFalse(allowed(git), "no arguments is not status");

        h.rule("auto-approve", "global", "git", "status", "**");
        assertTrue(allowed("git", "status", "--porcelain"), "once a rule allows more arguments");
    }

    @Test
    void shellsAndLaunchersNeedARuleNamingThem() {
        assertFalse(allowed("bash", "-c", "git status"));
        assertFalse(allowed("sh", "-c", "git status"));
        assertFalse(allowed("env", "git", "status"));
        assertFalse(allowed("env", "-S", "git status"));
        assertFalse(allowed("xargs", "git", "status"));
        assertFalse(allowed("sudo", "git", "status"));
        assertFalse(allowed("timeout", "5", "git", "status"));
        assertFalse(allowed("nice", "git", "status"));
        assertFalse(allowed("nohup", "git", "status"));
        assertFalse(allowed("busybox", "sh", "-c", "git status"));
        assertFalse(allowed("python3", "-c", "import os; os.system('git status')"));
        assertFalse(allowed("perl", "-e", "system('git status')"));
        assertFalse(allowed("awk", "BEGIN { system(\"git status\") }"));

        h.rule("auto-approve", "global", "bash", "-c", "git status");
        assertTrue(allowed("bash", "-c", "git status"), "named explicitly, arguments exact");
        assertFalse(allowed("bash", "-c", "git status; rm -rf /"));
        assertFalse(allowed("sh", "-c", "git status"), "a rule for bash is not a rule for sh");
        h.rule("auto-approve", "global", "env", "git", "status");
        assertTrue(allowed("env", "git", "status"));
    }

    @Test
    void launcherRulesMustSpellOutTheirArguments() {
        for (String[] bad : new String[][] {{"bash", "-c", "*"}, {"env", "**"}, {"sudo", "git", "**"},
            {"python3", "-c", "print(?)"}}) {
            RpcException e = assertThrows(RpcException.class,
                    () -> h.rule("auto-approve", "global", bad[0], Arrays.copyOfRange(bad, 1, bad.length)));
            assertTrue(e.getMessage().contains("spell out its arguments exactly"), e.getMessage());
        }
        h.rule("deny", "global", "bash", "**");
        assertFalse(allowed("bash", "-c", "ls"), "wildcards are fine in a deny rule");
    }

    @Test
    void aLinkToALauncherIsALauncher() throws Exception {
        Path link = h.bin.resolve("mytool");
        Files.createSymbolicLink(link, h.bin.resolve("bash"));
        h.rule("auto-approve", "global", "mytool", "-c", "id");
        assertFalse(allowed("mytool", "-c", "id"), "mytool is bash under another name");
        Path real = h.bin.resolve("tool2");
        Harness.program(real);
        h.rule("auto-approve", "global", "tool2", "-c", "id");
        assertTrue(allowed("tool2", "-c", "id"), "an ordinary program");
    }

    @Test
    void aProgramOutsideTheSearchPathIsNotItsNamesake() throws Exception {
        Path fake = h.work.resolve("git");
        Harness.program(fake);
        h.rule("auto-approve", "global", "git", "log");
        assertFalse(allowed(fake.toString(), "log"), "a git script in the workspace is not git");
        assertFalse(allowed("./git", "log"));
        assertTrue(allowed("git", "log"));
        h.rule("auto-approve", "global", fake.toString(), "log");
        assertTrue(allowed(fake.toString(), "log"), "named by its path, it may be approved");
        assertTrue(allowed("./git", "log"), "relative to the working directory, the same file");
        assertFalse(allowed("git\u0000", "log"));
        assertFalse(allowed("nonexistent", "log"));
        assertFalse(allowed("", "log"));
    }

    @Test
    void abbreviatedLongOptionsAndClustersAreDenied() {
        h.rule("auto-approve", "global", "git", "push", "**");
        Rule deny = h.rule("deny", "global", "git", "push", "**", "--force", "**");
        for (String force : new String[] {"--force", "--forc", "--for", "--force=true", "--forc=1"}) {
            ExecDecision d = h.decide(h.request("git", "push", "origin", force));
            assertFalse(d.allowed(), force);
            assertEquals("rule:" + deny.id(), d.decidedBy());
        }
        assertTrue(allowed("git", "push", "origin", "--fo"), "too short to be --force for getopt");
        assertTrue(allowed("git", "push", "origin", "--force-with-lease"), "a different option");
        assertTrue(allowed("git", "push", "origin", "main"));

        h.rule("auto-approve", "global", "rm", "**");
        h.rule("deny", "global", "rm", "**", "-r", "**");
        assertFalse(allowed("rm", "-rf", "build"));
        assertFalse(allowed("rm", "-fr", "build"));
        assertFalse(allowed("rm", "-r", "build"));
        assertTrue(allowed("rm", "-f", "build.log"));
    }

    @Test
    void denyRulesSeeThroughWrappers() {
        h.configure(Map.of("security", "full", "ask", "off"));
        h.rule("deny", "global", "rm", "**");
        assertTrue(allowed("ls", "-l"), "full: anything not denied runs");
        for (List<String> argv : List.of(
                List.of("rm", "-rf", "/"),
                List.of(h.bin.resolve("rm").toString(), "x"),
                List.of("env", "rm", "x"),
                List.of("env", "-i", "A=1", "rm", "x"),
                List.of("env", "-S", "rm -rf /"),
                List.of("sudo", "-u", "root", "rm", "x"),
                List.of("timeout", "-s", "KILL", "5", "rm", "x"),
                List.of("nice", "-n", "10", "rm", "x"),
                List.of("nohup", "rm", "x"),
                List.of("xargs", "-n", "1", "rm"),
                List.of("busybox", "rm", "x"),
                List.of("find", ".", "-name", "*.tmp", "-exec", "rm", "{}", ";"),
                List.of("bash", "-c", "cd /tmp && rm -rf x"),
                List.of("sh", "-ec", "echo hi; rm -rf x"),
                List.of("bash", "-c", "echo $(rm -rf x)"),
                List.of("bash", "-c", "echo `rm -rf x`"),
                List.of("bash", "-c", "r\"m\" -rf x"),
                List.of("bash", "-c", "\\rm -rf x"),
                List.of("dash", "-c", "X=1 rm x"),
                List.of("bash", "-c", "rm \\\n-rf x"),
                List.of("env", "bash", "-c", "sudo rm x"))) {
            assertFalse(h.decide(h.request(argv.toArray(String[]::new))).allowed(), argv.toString());
        }
        assertTrue(allowed("bash", "-c", "echo firm"), "a word that merely contains rm");
        assertTrue(allowed("env", "ls"));
    }

    @Test
    void theRuleForGitStatusIsNotAPrefixRule() {
        assertEquals("rule:" + gitStatus.id(), h.decide(h.request("git", "status")).decidedBy());
        assertFalse(allowed("git", "status", "-c", "core.pager=rm -rf /"));
        assertFalse(allowed("git", "-c", "alias.status=!rm -rf /", "status"));
    }
}
