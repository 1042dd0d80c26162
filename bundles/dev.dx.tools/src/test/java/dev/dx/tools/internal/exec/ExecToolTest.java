package dev.dx.tools.internal.exec;

import static dev.dx.tools.internal.Calls.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dx.api.approval.ExecRequest;
import dev.dx.api.tool.ToolResult;
import dev.dx.tools.internal.TestConfigs;
import dev.dx.testsupport.component.Inject;

/** exec: only what the approval service approved runs, exactly as approved, and never for long or loudly. */
class ExecToolTest {
    /** The gateway's environment as the tool sees it: a token and a key that must never reach a command. */
    private static final Map<String, String> GATEWAY_ENV = Map.of("PATH", "/usr/local/bin:/usr/bin:/bin",
            "HOME", "/home/dx", "LANG", "C.UTF-8", "DX_GATEWAY_TOKEN", "dxg_secret_token",
            "ANTHROPIC_API_KEY", "sk-ant-secret");

    @TempDir
    Path ws;
    ExecTool tool;

    @BeforeEach
    void setUp() {
        tool = tool(Map.of());
    }

    @AfterEach
    void tearDown() {
        tool.deactivate();
    }

    private static ExecTool tool(Map<String, Object> config) {
        ExecTool t = new ExecTool(GATEWAY_ENV);
        t.activate(TestConfigs.tools(config));
        return t;
    }

    private TestApprovals approvals(TestApprovals.Mode mode) {
        TestApprovals a = new TestApprovals(mode);
        Inject.field(tool, "approvals", a);
        return a;
    }

    private ToolResult exec(Object... args) {
        return call(tool, ws, args);
    }

    @Test
    void withoutTheApprovalServiceNothingRuns() {
        ToolResult r = exec("argv", List.of("touch", "marker"));
        assertTrue(r.error());
        assertTrue(r.content().contains("exec needs the approval service (feature dx-approval)"), r.content());
        assertFalse(Files.exists(ws.resolve("marker")));
        // the twin: with an approver the same call runs
        approvals(TestApprovals.Mode.ALLOW);
        assertFalse(exec("argv", List.of("touch", "marker")).error());
        assertTrue(Files.exists(ws.resolve("marker")));
    }

    @Test
    void exactlyTheApprovedArgvCwdAndEnvironmentRun() throws Exception {
        TestApprovals a = approvals(TestApprovals.Mode.ALLOW);
        Files.createDirectories(ws.resolve("sub"));
        ToolResult r = exec("argv", List.of("env"), "cwd", "sub", "env", Map.of("GREETING", "hello world"));
        assertFalse(r.error(), r.content());
        ExecRequest approved = a.only();
        assertEquals(1, approved.argv().size());
        assertTrue(approved.argv().get(0).matches("/(usr/)?(local/)?bin/env"), "argv[0] resolved through PATH "
                + "before approval: " + approved.argv());
        assertEquals(ws.toRealPath().resolve("sub").toString(), approved.cwd());
        assertEquals("main", approved.agentId());
        Set<String> printed = new TreeSet<>(Arrays.asList(r.content().replace("[exit code 0]", "").strip()
                .split("\n")));
        Set<String> expected = new TreeSet<>();
        approved.env().forEach((k, v) -> expected.add(k + "=" + v));
        assertEquals(expected, printed, "the process saw exactly the approved environment");
        assertEquals(Set.of("GREETING", "HOME", "LANG", "PATH"), approved.env().keySet());

        TestApprovals b = approvals(TestApprovals.Mode.ALLOW);
        ToolResult pwd = exec("argv", List.of("pwd"), "cwd", "sub");
        assertEquals(b.only().cwd() + "\n[exit code 0]", pwd.content());
    }

    @Test
    void aDenialOrAFailedClaimRunsNothing() {
        TestApprovals deny = approvals(TestApprovals.Mode.DENY);
        ToolResult r = exec("argv", List.of("touch", "marker"));
        assertTrue(r.error());
        assertTrue(r.content().contains("rule:test-deny") && r.content().contains("the test denies"), r.content());
        assertTrue(deny.claimed.isEmpty());
        assertFalse(Files.exists(ws.resolve("marker")));

        TestApprovals claimFails = approvals(TestApprovals.Mode.CLAIM_FAILS);
        r = exec("argv", List.of("touch", "marker"));
        assertTrue(r.error());
        assertTrue(r.content().contains("could not be claimed"), r.content());
        assertEquals(claimFails.checked, claimFails.claimed, "the claim named exactly the approved request");
        assertFalse(Files.exists(ws.resolve("marker")));
    }

    @Test
    void approvalFieldsInArgumentsAreRefusedNeverHonoured() {
        TestApprovals a = approvals(TestApprovals.Mode.DENY);
        for (String field : List.of("approved", "approval", "approvalId", "elevated", "sudo", "bypassApproval")) {
            ToolResult r = exec("argv", List.of("touch", "marker"), field, true);
            assertTrue(r.error());
            assertTrue(r.content().contains("'" + field + "' is not accepted"), r.content());
        }
        assertTrue(a.checked.isEmpty(), "not even asked");
        assertFalse(Files.exists(ws.resolve("marker")));
    }

    @Test
    void argvIsPassedVerbatimNeverInterpreted() {
        TestApprovals a = approvals(TestApprovals.Mode.ALLOW);
        ToolResult r = exec("argv", List.of("echo", "$(id)", "`id`", "*", "a b ", "x\\", "; rm -rf /", "$HOME"));
        assertEquals("$(id) `id` * a b  x\\ ; rm -rf / $HOME\n[exit code 0]", r.content());
        assertTrue(a.only().argv().get(0).endsWith("/echo"));
        assertEquals(List.of("$(id)", "`id`", "*", "a b ", "x\\", "; rm -rf /", "$HOME"),
                a.only().argv().subList(1, 8));

        // wrappers are just programs with arguments: what the approver sees is exactly what runs
        TestApprovals b = approvals(TestApprovals.Mode.ALLOW);
        exec("argv", List.of("sh", "-c", "echo wrapped"));
        assertTrue(b.only().argv().get(0).endsWith("/sh"));
        assertEquals(List.of("-c", "echo wrapped"), b.only().argv().subList(1, 3));
        TestApprovals c = approvals(TestApprovals.Mode.ALLOW);
        ToolResult s = exec("argv", List.of("env", "-S", "echo split words"));
        assertEquals(List.of("-S", "echo split words"), c.only().argv().subList(1, 3));
        assertEquals("split words\n[exit code 0]", s.content());
        TestApprovals d = approvals(TestApprovals.Mode.ALLOW);
        assertTrue(exec("argv", List.of("echo hi")).content().contains("not found on PATH"));
        assertTrue(d.checked.isEmpty(), "a command line in argv[0] is not a program: nothing to approve");
    }

    @Test
    void theEnvironmentIsFiltered() {
        approvals(TestApprovals.Mode.ALLOW);
        ToolResult r = exec("argv", List.of("env"), "env", Map.of("MY_VAR", "1"));
        assertTrue(r.content().contains("MY_VAR=1") && r.content().contains("PATH=/usr/local/bin"), r.content());
        assertFalse(r.content().contains("dxg_secret_token") || r.content().contains("sk-ant-secret"), r.content());
        for (String name : List.of("LD_PRELOAD", "ld_preload", "LD_LIBRARY_PATH", "BASH_ENV", "ENV", "PYTHONSTARTUP",
                "NODE_OPTIONS", "JAVA_TOOL_OPTIONS", "PROMPT_COMMAND", "IFS", "PATH", "BASH_FUNC_ls%%")) {
            TestApprovals a = approvals(TestApprovals.Mode.ALLOW);
            ToolResult refused = exec("argv", List.of("true"), "env", Map.of(name, "/tmp/evil.so"));
            assertTrue(refused.error(), name);
            assertTrue(refused.content().contains(name), refused.content());
            assertTrue(a.checked.isEmpty(), name + " never reached approval");
        }
    }

    @Test
    void theTimeoutKillsTheWholeProcessTreeQuickly() throws Exception {
        approvals(TestApprovals.Mode.ALLOW);
        long start = System.nanoTime();
        ToolResult r = exec("argv", List.of("sh", "-c", "sleep 600 & echo $!; sleep 600"), "timeoutSeconds", 1);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(r.error(), r.content());
        assertTrue(r.content().contains("killed after the 1 s timeout"), r.content());
        assertTrue(millis < 8000, "returned after " + millis + " ms");
        long child = Long.parseLong(r.content().lines().findFirst().orElseThrow().strip());
        await("the background sleep " + child + " is gone", () -> !alive(child));
        assertEquals(Boolean.TRUE, r.details().get("timedOut"));
    }

    @Test
    void outputIsCappedHeadAndTail() {
        tool.deactivate();
        tool = tool(Map.of("execMaxOutputBytes", 2048));
        approvals(TestApprovals.Mode.ALLOW);
        ToolResult r = exec("argv", List.of("seq", "1", "100000"));
        assertFalse(r.error());
        assertTrue(r.content().startsWith("1\n2\n3\n"), r.content());
        assertTrue(r.content().endsWith("99999\n100000\n[exit code 0]"), r.content());
        assertTrue(r.content().contains("bytes of output cut"), r.content());
        assertTrue(r.content().length() < 2200, "kept about 2 KiB: " + r.content().length());
        assertTrue((Long) r.details().get("cutBytes") > 500_000);
    }

    @Test
    void cwdIsConfinedToTheWorkspace() throws Exception {
        TestApprovals a = approvals(TestApprovals.Mode.ALLOW);
        Files.createSymbolicLink(ws.resolve("tmp-link"), Path.of("/tmp"));
        Files.writeString(ws.resolve("file.txt"), "x");
        for (Object[] bad : new Object[][] {{"..", ".."}, {"/etc", "outside the workspace"},
                {"tmp-link", "symbolic link"}, {"missing", "does not exist"}, {"file.txt", "not a folder"},
                {"%2e%2e", "percent"}}) {
            ToolResult r = exec("argv", List.of("pwd"), "cwd", bad[0]);
            assertTrue(r.error(), r.content());
            assertTrue(r.content().contains((String) bad[1]), r.content());
        }
        assertTrue(a.checked.isEmpty());
        ToolResult ok = exec("argv", List.of("pwd"), "cwd", ws.toRealPath().toString());
        assertEquals(ws.toRealPath() + "\n[exit code 0]", ok.content());
    }

    @Test
    void argumentsAreValidated() {
        TestApprovals a = approvals(TestApprovals.Mode.ALLOW);
        assertTrue(exec("argv", "ls -la").content().contains("must be an array of strings"));
        assertTrue(exec("argv", List.of()).content().contains("1 to 1024 items"));
        assertTrue(exec("argv", Arrays.asList("ls", 5)).content().contains("argv[1] must be a string"));
        assertTrue(exec("argv", List.of("ls", "a\0b")).content().contains("NUL"));
        assertTrue(exec("argv", List.of("ls"), "timeoutSeconds", 100_000).content().contains("between 1 and 600"));
        assertTrue(exec("argv", List.of("cd", "/")).content().contains("There is no shell"));
        assertTrue(exec().content().contains("Missing argument 'argv'"));
        assertTrue(a.checked.isEmpty());
        ToolResult exit = exec("argv", List.of("sh", "-c", "echo oops >&2; exit 3"));
        assertFalse(exit.error(), "a failing command is a result, not a tool error");
        assertEquals("oops\n[exit code 3]", exit.content());
    }

    @Test
    void deactivationKillsRunningCommands() throws Exception {
        TestApprovals a = approvals(TestApprovals.Mode.ALLOW);
        CompletableFuture<ToolResult> running = CompletableFuture.supplyAsync(
                () -> exec("argv", List.of("sleep", "600"), "timeoutSeconds", 600));
        await("the command was claimed and started", () -> !a.claimed.isEmpty() && sleepers() > 0);
        tool.deactivate();
        ToolResult r = running.get(10, TimeUnit.SECONDS);
        assertTrue(r.content().contains("exit code 137") || r.error(), r.content());
        await("no sleep left", () -> sleepers() == 0);
        tool = tool(Map.of());
    }

    private static long sleepers() {
        return ProcessHandle.current().descendants()
                .filter(h -> h.info().command().map(c -> c.endsWith("/sleep")).orElse(false)).count();
    }

    /** A process that ended is gone or a zombie waiting for a parent that may never reap it (PID 1 here). */
    private static boolean alive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }
}
