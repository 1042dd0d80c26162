package dev.dx.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.junit.Before;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.ServiceRegistration;

import com.fasterxml.jackson.databind.JsonNode;

import dev.dx.api.hook.Hook;
import dev.dx.api.hook.HookVerdict;
import dev.dx.api.session.NewMessage;
import dev.dx.api.session.SessionStore;
import dev.dx.itests.support.WsTestClient;
import dev.dx.testsupport.fakemodel.FakeModelServer;
import dev.dx.testsupport.fakemodel.RecordedRequest;
import dev.dx.testsupport.fakemodel.Reply;

/**
 * Whole turns through the real runtime: the agent's model is a provider configured by a file and served by fake model
 * servers inside the container (Anthropic wire format for the primary, OpenAI chat for the fallback). Streaming,
 * tools, failover, errors, abort, follow-ups, compaction, crash repair and hooks, observed over a WebSocket.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class AgentTurnIT extends DxTestSupport {
    private static FakeModelServer primary;
    private static FakeModelServer fallback;

    @Override
    protected Option[] extraOptions() {
        return new Option[] {testSupportBundle()};
    }

    @Before
    public void models() throws Exception {
        if (primary == null) {
            primary = FakeModelServer.start();
            fallback = FakeModelServer.start();
            writeFile(etc("dev.dx.provider-fake.cfg"), "type = anthropic\nbaseUrl = " + primary.baseUrl()
                    + "\napiKey = test-key\nmodels = fake-model\nmaxRetries = 0\n");
            writeFile(etc("dev.dx.provider-backup.cfg"), "type = openai-compatible\nbaseUrl = " + fallback.baseUrl()
                    + "/v1\nmodels = backup-model\nmaxRetries = 0\n");
            writeFile(etc("dev.dx.agent-main.cfg"), "model = fake/fake-model\nfallbackModels = backup/backup-model\n"
                    + "toolTimeoutMs = 20000\n");
            writeFile(etc("dev.dx.agent-tiny.cfg"), "model = fake/fake-model\ncontextTokens = 2000\n"
                    + "compactAtPercent = 10\n");
            Path ws = Paths.get(System.getProperty("karaf.home"), "workspace", "main");
            Files.createDirectories(ws);
            Files.writeString(ws.resolve("notes.txt"), "the spare key is under the blue pot");
            Files.writeString(ws.resolve("SOUL.md"), "You speak like a lighthouse keeper.");
            await("both providers and the agents", TIMEOUT_MS, () -> {
                JsonNode models = call("models.list", null).get("result").toString().contains("backup/backup-model")
                        ? call("agents.list", null) : null;
                return models != null && models.toString().contains("fake/fake-model")
                        && models.toString().contains("\"tiny\"");
            });
        }
    }

    private JsonNode call(String method, Object params) throws Exception {
        return http().call(token(), method, params);
    }

    /** Reads events until the run ends, returning them in order. */
    private static List<JsonNode> runEvents(WsTestClient ws, String runId) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        while (true) {
            JsonNode n = ws.readJson();
            if (!"event".equals(n.path("method").asText())) {
                continue;
            }
            JsonNode p = n.get("params");
            if (!runId.equals(p.get("payload").path("runId").asText())) {
                continue;
            }
            events.add(p);
            if (p.get("topic").asText().equals("dx/agent/RUN") && p.get("payload").get("phase").asText().equals("ended")) {
                return events;
            }
        }
    }

    private static String topics(List<JsonNode> events) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode e : events) {
            sb.append(e.get("topic").asText().substring(3)).append(e.get("payload").has("phase")
                    ? ":" + e.get("payload").get("phase").asText() : "").append(' ');
        }
        return sb.toString().trim();
    }

    private WsTestClient subscribed() throws Exception {
        WsTestClient ws = connect();
        ws.call("s", "events.subscribe", Map.of("topics", List.of("dx/chat/*", "dx/agent/*")));
        return ws;
    }

    private String send(WsTestClient ws, String sessionKey, String message) throws Exception {
        JsonNode r = ws.call("send-" + System.nanoTime(), "chat.send", Map.of("sessionKey", sessionKey, "message",
                message));
        assertTrue(r.toString(), r.has("result"));
        return r.get("result").get("runId").asText();
    }

    @Test
    public void a_anAnswerStreamsAsDeltasThenFinal() throws Exception {
        primary.enqueue(Reply.ofText("Ahoy, the light is lit.").chunks(5));
        try (WsTestClient ws = subscribed()) {
            String runId = send(ws, "agent:main:a", "Is the light on?");
            List<JsonNode> events = runEvents(ws, runId);
            StringBuilder streamed = new StringBuilder();
            String fin = null;
            for (JsonNode e : events) {
                if (e.get("topic").asText().equals("dx/chat/DELTA")) {
                    streamed.append(e.get("payload").get("delta").asText());
                } else if (e.get("topic").asText().equals("dx/chat/FINAL")) {
                    fin = e.get("payload").get("text").asText();
                    assertEquals("fake/fake-model", e.get("payload").get("model").asText());
                }
            }
            assertEquals("Ahoy, the light is lit.", fin);
            assertEquals("deltas add up to the answer", fin, streamed.toString());
            assertTrue(topics(events), topics(events).startsWith("agent/RUN:started chat/DELTA"));
            assertTrue(topics(events), topics(events).endsWith("chat/FINAL agent/RUN:ended"));
        }
        RecordedRequest req = primary.requests().get(primary.requests().size() - 1);
        assertEquals("test-key", req.header("x-api-key"));
        assertTrue("the workspace files form the system prompt", req.body().contains("lighthouse keeper"));
        JsonNode history = call("chat.history", Map.of("sessionKey", "agent:main:a")).get("result").get("messages");
        assertEquals("USER", history.get(0).get("role").asText());
        assertEquals("ASSISTANT", history.get(1).get("role").asText());
        assertEquals("Ahoy, the light is lit.", history.get(1).get("text").asText());
    }

    @Test
    public void b_toolCallsRunAndEveryStepIsStored() throws Exception {
        primary.enqueue(Reply.ofToolCall("call_1", "read", "{\"path\":\"notes.txt\"}").chunks(3),
                Reply.ofText("Under the blue pot."));
        int before = primary.requests().size();
        try (WsTestClient ws = subscribed()) {
            String runId = send(ws, "agent:main:b", "Where is the spare key?");
            List<JsonNode> events = runEvents(ws, runId);
            assertTrue(topics(events), topics(events).contains("agent/TOOL:start agent/TOOL:end"));
            assertTrue(topics(events), topics(events).endsWith("chat/FINAL agent/RUN:ended"));
        }
        List<RecordedRequest> reqs = primary.requests().subList(before, primary.requests().size());
        assertEquals(2, reqs.size());
        assertTrue("the tools are offered", reqs.get(0).body().contains("\"read\""));
        assertTrue("the tool result goes back to the model", reqs.get(1).body().contains("blue pot"));
        JsonNode history = call("chat.history", Map.of("sessionKey", "agent:main:b")).get("result").get("messages");
        List<String> roles = new ArrayList<>();
        history.forEach(m -> roles.add(m.get("role").asText()));
        assertEquals(List.of("USER", "TOOL_CALL", "TOOL_RESULT", "ASSISTANT"), roles);
        assertTrue(history.get(2).get("text").asText().contains("blue pot"));
    }

    @Test
    public void c_anOverloadedModelFailsOverToTheFallbackForThatTurn() throws Exception {
        primary.enqueue(Reply.overloaded(529));
        fallback.enqueue(Reply.ofText("Backup light here.").chunks(2));
        String runId = call("chat.send", Map.of("sessionKey", "agent:main:c", "message", "Anyone?")).get("result")
                .get("runId").asText();
        JsonNode done = call("agent.wait", Map.of("runId", runId, "timeoutMs", 30_000)).get("result");
        assertEquals(done.toString(), "ok", done.get("status").asText());
        assertEquals("Backup light here.", done.get("text").asText());
        JsonNode session = call("sessions.get", Map.of("routingKey", "agent:main:c")).get("result");
        assertEquals("backup/backup-model", session.get("model").asText());
        // the next turn tries the primary again
        primary.enqueue(Reply.ofText("Primary is back."));
        String next = call("chat.send", Map.of("sessionKey", "agent:main:c", "message", "And now?")).get("result")
                .get("runId").asText();
        assertEquals("Primary is back.", call("agent.wait", Map.of("runId", next, "timeoutMs", 30_000)).get("result")
                .get("text").asText());
    }

    @Test
    public void d_anErrorThatFailoverCannotFixEndsTheTurnClearly() throws Exception {
        primary.enqueue(Reply.error(401, "invalid x-api-key"));
        int fallbackBefore = fallback.requests().size();
        String runId = call("chat.send", Map.of("sessionKey", "agent:main:d", "message", "Hello?")).get("result")
                .get("runId").asText();
        JsonNode done = call("agent.wait", Map.of("runId", runId, "timeoutMs", 30_000)).get("result");
        assertEquals("error", done.get("status").asText());
        assertFalse("no key in the message", done.toString().contains("test-key"));
        assertEquals("a refused key is not retried elsewhere", fallbackBefore, fallback.requests().size());
    }

    @Test
    public void e_abortStopsAStreamingAnswerAndFollowUpsWaitTheirTurn() throws Exception {
        primary.enqueue(Reply.ofText("a long and winding answer ".repeat(10)).chunks(40)
                .chunkDelay(Duration.ofMillis(200)));
        try (WsTestClient ws = subscribed()) {
            String slow = send(ws, "agent:main:e", "Tell me everything.");
            primary.enqueue(Reply.ofText("Short answer."));
            String followUp = send(ws, "agent:main:e", "Actually, be brief.");
            JsonNode first = ws.readJson();
            while (!first.path("params").path("topic").asText().equals("dx/chat/DELTA")) {
                first = ws.readJson();
            }
            assertTrue(call("chat.abort", Map.of("runId", slow)).get("result").get("aborted").asBoolean());
            JsonNode aborted = call("agent.wait", Map.of("runId", slow, "timeoutMs", 30_000)).get("result");
            assertEquals("aborted", aborted.get("status").asText());
            JsonNode answered = call("agent.wait", Map.of("runId", followUp, "timeoutMs", 30_000)).get("result");
            assertEquals("the follow-up ran after the aborted run", "Short answer.", answered.get("text").asText());
        }
    }

    @Test
    public void f_compactionSummarisesOlderTurnsAndKeepsTheOriginals() throws Exception {
        String big = "The harbour log says: " + "waves and gulls and rain. ".repeat(40);
        primary.enqueue(Reply.ofText("Noted the log."));
        String r1 = call("chat.send", Map.of("sessionKey", "agent:tiny:main", "message", big)).get("result")
                .get("runId").asText();
        call("agent.wait", Map.of("runId", r1, "timeoutMs", 30_000));
        primary.enqueue(Reply.ofText("SUMMARY: the user shared a harbour log of waves, gulls and rain."),
                Reply.ofText("It was rainy."));
        String r2 = call("chat.send", Map.of("sessionKey", "agent:tiny:main", "message", "What was the weather?"))
                .get("result").get("runId").asText();
        JsonNode done = call("agent.wait", Map.of("runId", r2, "timeoutMs", 30_000)).get("result");
        assertEquals(done.toString(), "It was rainy.", done.get("text").asText());
        RecordedRequest last = primary.requests().get(primary.requests().size() - 1);
        assertTrue("the summary is in the system prompt", last.body().contains("harbour log of waves"));
        assertFalse("the original is no longer sent", last.body().contains("gulls and rain. waves"));
        JsonNode all = call("chat.history", Map.of("sessionKey", "agent:tiny:main", "includeCompacted", true))
                .get("result").get("messages");
        boolean compacted = false;
        boolean summary = false;
        for (JsonNode m : all) {
            compacted |= !m.get("compactedBy").isNull();
            summary |= m.get("role").asText().equals("SUMMARY");
        }
        assertTrue("originals stay, marked", compacted && summary);
    }

    @Test
    public void g_aToolCallLeftByACrashIsRepairedBeforeTheNextModelCall() throws Exception {
        SessionStore store = waitForService(SessionStore.class, null, TIMEOUT_MS);
        var s = store.getOrCreate("main", "agent:main:g");
        store.append(s.key(), List.of(NewMessage.user("run something"), NewMessage.toolCall("call_x", "read",
                Map.of("path", "notes.txt"))));
        primary.enqueue(Reply.ofText("Resuming."));
        String runId = call("chat.send", Map.of("sessionKey", "agent:main:g", "message", "Go on.")).get("result")
                .get("runId").asText();
        assertEquals("ok", call("agent.wait", Map.of("runId", runId, "timeoutMs", 30_000)).get("result").get("status")
                .asText());
        RecordedRequest last = primary.requests().get(primary.requests().size() - 1);
        assertTrue(last.body(), last.body().contains("call_x") && last.body().contains("interrupted"));
    }

    @Test
    public void h_hooksVetoMessagesAndToolCalls() throws Exception {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(Hook.POINTS, new String[] {Hook.MESSAGE_INBOUND, Hook.TOOL_BEFORE});
        ServiceRegistration<Hook> reg = bundleContext.registerService(Hook.class, (point, event) -> {
            if (point.equals(Hook.MESSAGE_INBOUND) && String.valueOf(event.get("text")).contains("forbidden")) {
                return HookVerdict.veto("no forbidden words");
            }
            if (point.equals(Hook.TOOL_BEFORE) && "read".equals(event.get("tool"))) {
                return HookVerdict.veto("reading is off today");
            }
            return HookVerdict.allow();
        }, props);
        try {
            JsonNode refused = call("chat.send", Map.of("sessionKey", "agent:main:h", "message", "a forbidden word"));
            assertEquals("FORBIDDEN", refused.get("error").get("data").get("code").asText());
            assertTrue(refused.get("error").get("message").asText().contains("no forbidden words"));
            primary.enqueue(Reply.ofToolCall("call_h", "read", "{\"path\":\"notes.txt\"}"), Reply.ofText("Fine."));
            String runId = call("chat.send", Map.of("sessionKey", "agent:main:h", "message", "Read the notes."))
                    .get("result").get("runId").asText();
            call("agent.wait", Map.of("runId", runId, "timeoutMs", 30_000));
            JsonNode history = call("chat.history", Map.of("sessionKey", "agent:main:h")).get("result").get("messages");
            assertTrue(history.toString(), history.toString().contains("reading is off today"));
            assertFalse("the file was not read", history.toString().contains("blue pot"));
        } finally {
            reg.unregister();
        }
    }

    @Test
    public void i_theConsoleChatsToo() throws Exception {
        primary.enqueue(Reply.ofText("Console ahoy.").chunks(3));
        String out = executeCommand("agent:send --session agent:main:console Hello from the console");
        assertTrue(out, out.contains("Console ahoy."));
    }

    @Test
    public void j_execRunsOnlyWhatAHumanApproved() throws Exception {
        Path ws = Paths.get(System.getProperty("karaf.home"), "workspace", "main");
        try (WsTestClient approver = connect()) {
            approver.call("a", "events.subscribe", Map.of("topics", List.of("dx/approval/*")));
            primary.enqueue(Reply.ofToolCall("call_ok", "exec", "{\"argv\":[\"touch\",\"approved-marker\"]}"),
                    Reply.ofText("Done."));
            String runId = call("chat.send", Map.of("sessionKey", "agent:main:exec", "message", "Mark it.")).get("result")
                    .get("runId").asText();
            JsonNode asked = approver.readJson();
            while (!asked.path("params").path("topic").asText().equals("dx/approval/REQUESTED")) {
                asked = approver.readJson();
            }
            JsonNode request = asked.get("params").get("payload");
            assertTrue(request.toString(), request.get("argv").toString().contains("approved-marker"));
            assertFalse("nothing runs before the decision", Files.exists(ws.resolve("approved-marker")));
            JsonNode resolved = call("exec.approval.resolve", Map.of("id", request.get("id").asText(), "decision",
                    "allow-once"));
            assertTrue(resolved.toString(), resolved.has("result"));
            assertEquals("ok", call("agent.wait", Map.of("runId", runId, "timeoutMs", 30_000)).get("result")
                    .get("status").asText());
            assertTrue("the approved command ran", Files.exists(ws.resolve("approved-marker")));

            primary.enqueue(Reply.ofToolCall("call_no", "exec",
                    "{\"argv\":[\"touch\",\"denied-marker\"],\"approved\":true}"), Reply.ofText("Understood."));
            String second = call("chat.send", Map.of("sessionKey", "agent:main:exec", "message", "Try again."))
                    .get("result").get("runId").asText();
            call("agent.wait", Map.of("runId", second, "timeoutMs", 30_000));
            JsonNode history = call("chat.history", Map.of("sessionKey", "agent:main:exec")).get("result")
                    .get("messages");
            assertTrue("an approval field in the arguments is refused, not honoured", history.toString()
                    .contains("approved"));
            assertFalse(Files.exists(ws.resolve("denied-marker")));

            primary.enqueue(Reply.ofToolCall("call_deny", "exec", "{\"argv\":[\"touch\",\"denied-marker\"]}"),
                    Reply.ofText("Understood."));
            String third = call("chat.send", Map.of("sessionKey", "agent:main:exec", "message", "Once more.")).get("result")
                    .get("runId").asText();
            JsonNode ask = approver.readJson();
            while (!ask.path("params").path("topic").asText().equals("dx/approval/REQUESTED")) {
                ask = approver.readJson();
            }
            call("exec.approval.resolve", Map.of("id", ask.get("params").get("payload").get("id").asText(),
                    "decision", "deny", "reason", "not today"));
            call("agent.wait", Map.of("runId", third, "timeoutMs", 30_000));
            assertFalse("a denied command does not run", Files.exists(ws.resolve("denied-marker")));
            assertTrue(call("chat.history", Map.of("sessionKey", "agent:main:exec")).toString().contains("not today"));
        }
    }
}
