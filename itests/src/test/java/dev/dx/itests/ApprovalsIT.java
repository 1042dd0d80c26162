package dev.dx.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

import com.fasterxml.jackson.databind.JsonNode;

import dev.dx.api.approval.ExecApprovals;
import dev.dx.api.approval.ExecDecision;
import dev.dx.api.approval.ExecRequest;
import dev.dx.api.session.NewMessage;
import dev.dx.api.session.SessionStore;
import dev.dx.itests.support.WsTestClient;

/**
 * Exec approvals in the running distribution, over real sockets: a human asked through {@code dx/approval/*} events
 * and answering over RPC or in the console, scopes, the fallback, rules set over RPC, and restarts of the approval and
 * database bundles.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class ApprovalsIT extends DxTestSupport {
    private static final Map<String, String> ENV = Map.of("PATH", "/usr/bin:/bin", "IT_SECRET", "s3cr3t-value");

    private ExecApprovals approvals() {
        return waitForService(ExecApprovals.class, null, TIMEOUT_MS);
    }

    private static ExecRequest request(String... argv) {
        return new ExecRequest("main", "it-session", List.of(argv), "/tmp", ENV);
    }

    private JsonNode call(String token, String method, Object params) throws Exception {
        return http().call(token, method, params);
    }

    private JsonNode result(String method, Object params) throws Exception {
        JsonNode r = call(token(), method, params);
        assertTrue(method + ": " + r, r.has("result"));
        return r.get("result");
    }

    private static String code(JsonNode r) {
        assertTrue(r.toString(), r.has("error"));
        return r.get("error").get("data").get("code").asText();
    }

    private static Map<String, Object> params(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private String readerToken() {
        String out = executeCommand("gateway:token-create reader read");
        return out.lines().filter(l -> l.startsWith("dxg_")).findFirst()
                .orElseThrow(() -> new AssertionError("no token in: " + out));
    }

    /** Reads frames until the event on {@code topic} whose payload has {@code argv}, skipping everything else. */
    private static JsonNode awaitEvent(WsTestClient ws, String topic, String field, String value) throws IOException {
        while (true) {
            JsonNode n;
            try {
                n = ws.readJson();
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no " + topic + " with " + field + "=" + value + " within the socket timeout");
            }
            if (n == null) {
                throw new AssertionError("connection closed while waiting for " + topic);
            }
            if ("event".equals(n.path("method").asText()) && topic.equals(n.get("params").get("topic").asText())
                    && n.get("params").get("payload").get(field).toString().contains(value)) {
                return n.get("params").get("payload");
            }
        }
    }

    /** Sends a request and reads every frame up to its response: the events that arrived first, then the response. */
    private static List<JsonNode> untilResponse(WsTestClient ws, String id, String method, Object params)
            throws IOException {
        ws.request(id, method, params);
        List<JsonNode> frames = new ArrayList<>();
        while (true) {
            JsonNode n = ws.readJson();
            assertNotNull("connection closed", n);
            frames.add(n);
            if (n.has("id") && n.get("id").asText().equals(id)) {
                return frames;
            }
        }
    }

    private static String pendingId(JsonNode list, String argvPart) {
        for (JsonNode p : list.get("pending")) {
            if (p.get("argv").toString().contains(argvPart)) {
                return p.get("id").asText();
            }
        }
        return null;
    }

    @Test
    public void a_anApproverIsAskedOverTheWebSocketAndAnswersThere() throws Exception {
        String reader = readerToken();
        try (WsTestClient approver = connect(); WsTestClient readOnly = WsTestClient.open(httpPort(), Map.of())) {
            approver.timeout(30_000);
            readOnly.timeout(30_000);
            assertTrue(readOnly.call("c", "connect", params("token", reader)).has("result"));
            assertTrue(approver.call(1, "events.subscribe", params("topics", List.of("dx/approval/*"))).has("result"));
            assertTrue(readOnly.call(1, "events.subscribe", params("topics", List.of("dx/approval/*"))).has("result"));

            ExecRequest r = request("/opt/dx-it/unknown-tool", "--flag", "a b");
            CompletionStage<ExecDecision> stage = approvals().check(r);
            JsonNode requested = awaitEvent(approver, "dx/approval/REQUESTED", "argv", "unknown-tool");
            String id = requested.get("id").asText();
            assertFalse(stage.toCompletableFuture().isDone());
            assertEquals("[\"/opt/dx-it/unknown-tool\",\"--flag\",\"a b\"]", requested.get("argv").toString());
            assertEquals("/tmp", requested.get("cwd").asText());
            assertEquals("main", requested.get("agentId").asText());
            assertEquals("it-session", requested.get("sessionKey").asText());
            assertEquals("[\"IT_SECRET\",\"PATH\"]", requested.get("envNames").toString());
            assertTrue(requested.has("expiresAt") && requested.has("why"));
            assertFalse("environment values are never sent", requested.toString().contains("s3cr3t-value"));

            // the reader got no approval event (it would have been queued before this answer) and may not decide
            List<JsonNode> frames = untilResponse(readOnly, "r1", "exec.approval.resolve",
                    params("id", id, "decision", "allow-once"));
            for (JsonNode f : frames.subList(0, frames.size() - 1)) {
                assertFalse("reader got " + f, f.toString().contains("dx/approval/"));
            }
            assertEquals("FORBIDDEN", code(frames.get(frames.size() - 1)));
            assertEquals("FORBIDDEN", code(call(reader, "exec.approval.resolve", params("id", id, "decision",
                    "allow-once"))));
            assertEquals("FORBIDDEN", code(call(reader, "exec.approval.list", null)));
            assertFalse(stage.toCompletableFuture().isDone());

            // the RESOLVED event may overtake the answer: keep every frame up to it
            frames = untilResponse(approver, "2", "exec.approval.resolve", params("id", id, "decision", "allow-once"));
            JsonNode answer = frames.get(frames.size() - 1);
            assertTrue(answer.toString(), answer.get("result").get("allowed").asBoolean());
            ExecDecision d = stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertTrue(d.allowed());
            assertEquals(id, d.approvalId());
            assertTrue(d.decidedBy(), d.decidedBy().startsWith("user:"));
            JsonNode resolved = null;
            for (JsonNode f : frames) {
                if (f.toString().contains("dx/approval/RESOLVED") && f.toString().contains(id)) {
                    resolved = f.get("params").get("payload");
                }
            }
            if (resolved == null) {
                resolved = awaitEvent(approver, "dx/approval/RESOLVED", "id", id);
            }
            assertEquals("allow-once", resolved.get("decision").asText());

            assertFalse("another command", approvals().claim(id, request("/opt/dx-it/unknown-tool", "--flag", "a",
                    "b")));
            assertTrue(approvals().claim(id, r));
            assertFalse("single use", approvals().claim(id, r));
            assertEquals("NOT_FOUND", code(approver.call(3, "exec.approval.resolve", params("id", id, "decision",
                    "deny"))));
            assertEquals("INVALID_PARAMS", code(approver.call(4, "exec.approval.resolve", params("id", id, "decision",
                    "maybe"))));
        }
        assertEquals("approvals", "ok", result("status", null).get("approvals").get("state").asText());
    }

    @Test
    public void b_theConsoleApprovesAndDenies() throws Exception {
        ExecRequest one = request("/opt/dx-it/shell-approved", "x");
        CompletionStage<ExecDecision> first = approvals().check(one);
        String id = await("the request to be pending", TIMEOUT_MS,
                () -> pendingId(result("exec.approval.list", null), "shell-approved"));
        String listed = executeCommand("approvals:list");
        assertTrue(listed, listed.contains(id) && listed.contains("/opt/dx-it/shell-approved x"));
        String approved = executeCommand("approvals:approve " + id);
        assertTrue(approved, approved.contains("Approved " + id + " once"));
        ExecDecision d = first.toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertTrue(d.allowed());
        assertEquals("user:dx", d.decidedBy());

        CompletionStage<ExecDecision> second = approvals().check(request("/opt/dx-it/shell-denied"));
        String id2 = await("the second request to be pending", TIMEOUT_MS,
                () -> pendingId(result("exec.approval.list", null), "shell-denied"));
        assertTrue(executeCommand("approvals:deny " + id2 + " not on my watch").contains("Denied " + id2));
        ExecDecision denied = second.toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertFalse(denied.allowed());
        assertEquals("not on my watch", denied.reason());
        assertTrue(executeCommand("approvals:approve " + id2).contains("No command waits for approval " + id2));

        String audit = executeCommand("approvals:audit -n 50");
        assertTrue(audit, audit.contains(id) && audit.contains(id2) && audit.contains("user:dx"));
        assertFalse(audit, audit.contains("s3cr3t-value"));
    }

    @Test
    public void c_nobodyAnsweringFallsBackToDenyAndShowsInTheList() throws Exception {
        JsonNode set = result("exec.approvals.set", params("policy", params("askTimeoutMs", 1000)));
        assertEquals(1000, set.get("policy").get("askTimeoutMs").asLong());
        try {
            ExecRequest r = request("/opt/dx-it/nobody-answers");
            ExecDecision d = approvals().check(r).toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertFalse(d.allowed());
            assertEquals("fallback", d.decidedBy());
            assertTrue(d.reason(), d.reason().contains("Nobody answered"));
            assertFalse(approvals().claim(d.approvalId(), r));
            JsonNode entry = null;
            for (JsonNode e : result("exec.approval.list", params("limit", 20)).get("items")) {
                if (e.get("id").asText().equals(d.approvalId())) {
                    entry = e;
                }
            }
            assertNotNull("the fallback decision is in the audit trail", entry);
            assertEquals("denied", entry.get("outcome").asText());
            assertEquals("fallback", entry.get("decidedBy").asText());
            assertTrue(entry.get("asked").asBoolean());
            assertEquals("the policy was written to the file", "1000",
                    await("askTimeoutMs in etc/dev.dx.approval.cfg", TIMEOUT_MS,
                            () -> configValue("dev.dx.approval", "askTimeoutMs")));
        } finally {
            result("exec.approvals.set", params("policy", params("askTimeoutMs", 120000)));
        }
        JsonNode bad = call(token(), "exec.approvals.set", params("policy", params("security", "sometimes")));
        assertEquals("INVALID_PARAMS", code(bad));
        assertTrue(bad.toString(), bad.get("error").get("message").asText().startsWith("policy.security must be"));
    }

    @Test
    public void d_rulesSetOverRpcDecideWithoutAsking() throws Exception {
        List<Object> rules = List.of(
                params("executable", "/opt/dx-it/git", "args", List.of("status"), "action", "auto-approve"),
                params("executable", "/opt/dx-it/git", "args", List.of("push", "**", "--force", "**"),
                        "action", "deny", "reason", "no force pushes"),
                params("executable", "/opt/dx-it/git", "args", List.of("push", "**"), "action", "auto-approve"));
        JsonNode set = result("exec.approvals.set", params("rules", rules));
        assertEquals(3, set.get("rules").size());
        assertEquals("allowlist", set.get("policy").get("security").asText());

        ExecRequest status = request("/opt/dx-it/git", "status");
        CompletionStage<ExecDecision> s = approvals().check(status);
        assertTrue("decided without asking", s.toCompletableFuture().isDone());
        ExecDecision d = s.toCompletableFuture().join();
        assertTrue(d.allowed());
        assertEquals("rule:" + set.get("rules").get(0).get("id").asText(), d.decidedBy());
        assertTrue(approvals().claim(d.approvalId(), status));

        ExecDecision force = approvals().check(request("/opt/dx-it/git", "push", "origin", "--forc"))
                .toCompletableFuture().join();
        assertFalse(force.allowed());
        assertEquals("no force pushes", force.reason());
        assertTrue(approvals().check(request("/opt/dx-it/git", "push", "origin")).toCompletableFuture().join()
                .allowed());
        assertFalse("a trailing space is another argument", approvals().check(
                request("/opt/dx-it/git", "status ")).toCompletableFuture().isDone());
        assertFalse("a shell is not git", approvals().check(
                request("/bin/sh", "-c", "/opt/dx-it/git status")).toCompletableFuture().isDone());

        JsonNode bad = call(token(), "exec.approvals.set", params("rules", List.of(
                params("executable", "git", "action", "auto-approve"))));
        assertEquals("INVALID_PARAMS", code(bad));
        assertTrue(bad.toString(), bad.get("error").get("message").asText().startsWith("rules[0].args is required"));
        assertEquals("INVALID_PARAMS", code(call(token(), "exec.approvals.set", params("rules", List.of(
                params("executable", "bash", "args", List.of("-c", "*"), "action", "auto-approve"))))));
        assertEquals("FORBIDDEN", code(call(readerToken(), "exec.approvals.set", params("rules", List.of()))));
        assertEquals("a refused change changed nothing", 3, result("exec.approvals.get", null).get("rules").size());

        String added = executeCommand("approvals:rule-add --action deny --reason nope /opt/dx-it/rm **");
        assertTrue(added, added.contains("Added rule r-"));
        String ruleId = added.substring(added.indexOf("Added rule ") + 11).split(":")[0];
        assertTrue(executeCommand("approvals:rules").contains(ruleId));
        assertFalse(approvals().check(request("/opt/dx-it/rm", "-rf", "/")).toCompletableFuture().join().allowed());
        assertTrue(executeCommand("approvals:rule-remove " + ruleId).contains("Removed rule " + ruleId));
        assertEquals(3, result("exec.approvals.get", null).get("rules").size());
    }

    @Test
    public void e_restartsKeepRulesAndTheAuditTrail() throws Exception {
        SessionStore sessions = waitForService(SessionStore.class, null, TIMEOUT_MS);
        String key = sessions.create("main", "agent:main:it:approvals-restart", null).key();
        sessions.append(key, NewMessage.user("before the restarts"));
        JsonNode before = result("exec.approvals.get", null);
        assertEquals(3, before.get("rules").size());
        ExecRequest ls = request("/opt/dx-it/git", "status");
        ExecDecision unclaimed = approvals().check(ls).toCompletableFuture().join();
        assertTrue(unclaimed.allowed());
        CompletionStage<ExecDecision> waiting = approvals().check(request("/opt/dx-it/left-waiting"));
        assertFalse(waiting.toCompletableFuture().isDone());
        long filesBefore = Math.max(openDatabaseFiles(), 2 * (1 + 4) + 1);

        for (String bundle : new String[] {"dev.dx.approval", "dev.dx.db"}) {
            String out = executeCommand("bundle:restart " + bundle);
            assertFalse(out, out.contains("Error"));
            JsonNode after = await("exec.approvals.get after restarting " + bundle, TIMEOUT_MS, () -> {
                JsonNode r = call(token(), "exec.approvals.get", null);
                return r.has("result") ? r.get("result") : null;
            });
            assertEquals(before.get("rules"), after.get("rules"));
            await("sessions after restarting " + bundle, TIMEOUT_MS, () -> {
                JsonNode r = call(token(), "sessions.get", params("key", key));
                return r.has("result") && r.get("result").get("lastSeq").asLong() == 1;
            });
        }
        ExecDecision stopped = waiting.toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertFalse(stopped.allowed());
        assertEquals("fallback", stopped.decidedBy());
        assertTrue(stopped.reason(), stopped.reason().contains("DX stopped"));

        JsonNode list = result("exec.approval.list", params("limit", 500));
        assertEquals("no pending approval survives", 0, list.get("pending").size());
        List<String> ids = new ArrayList<>();
        list.get("items").forEach(e -> ids.add(e.get("id").asText()));
        assertTrue(ids.contains(unclaimed.approvalId()) && ids.contains(stopped.approvalId()));
        assertTrue("an allowed decision outlives the restart", approvals().claim(unclaimed.approvalId(), ls));
        assertTrue(approvals().check(ls).toCompletableFuture().join().allowed());
        assertTrue(result("sessions.patch", params("key", key, "model", "after")).has("key"));

        await("no database files left open by old instances (before: " + filesBefore + ")", TIMEOUT_MS,
                () -> openDatabaseFiles() <= filesBefore);
        await("one approval timer thread, not one per restart", TIMEOUT_MS, () -> Thread.getAllStackTraces().keySet()
                .stream().filter(t -> t.getName().equals("dx-approval-timeouts")).count() == 1);
        JsonNode status = result("status", null);
        assertEquals("ok", status.get("approvals").get("state").asText());
        assertEquals("allowlist", status.get("approvals").get("security").asText());
        assertEquals(0, status.get("approvals").get("pending").asInt());
        assertFalse(log().contains("s3cr3t-value"));
    }

    /** @return how many file descriptors of this JVM point at dx.db and its WAL and shared-memory files */
    private static long openDatabaseFiles() throws IOException {
        try (Stream<Path> fds = Files.list(Paths.get("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().contains("dx.db");
                } catch (IOException e) {
                    return false;
                }
            }).count();
        }
    }
}
