package dev.dx.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
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
            writeFile(etc("dev.dx.agent-capped.cfg"), "model = fake/fake-model\nmaxToolRounds = 2\ntoolsDeny = exec\n"
                    + "bindings = telegram:bot1:dm:42\n");
            Files.createDirectories(Paths.get(System.getProperty("karaf.home"), "workspace", "capped"));
            Path tiny = Files.createDirectories(Paths.get(System.getProperty("karaf.home"), "workspace", "tiny"));
            Files.writeString(tiny.resolve("log1.txt"), "alpha tide ".repeat(120));
            Files.writeString(tiny.resolve("log2.txt"), "bravo storm ".repeat(120));
            Path ws = Paths.get(System.getProperty("karaf.home"), "workspace", "main");
            Files.createDirectories(ws);
            Files.writeString(ws.resolve("notes.txt"), "the spare key is under the blue pot");
            Files.writeString(ws.resolve("SOUL.md"), "You speak like a lighthouse keeper.");
            await("both providers and the agents", TIMEOUT_MS, () -> {
                JsonNode models = call("models.list", null).get("result").toString().contains("backup/backup-model")
                        ? call("agents.list", null) : null;
                return models != null && models.toString().contains("fake/fake-model")
                        && models.toString().contains("\"tiny\"") && models.toString().contains("\"capped\"");
            });
        }
    }

    private JsonNode call(String method, Object params) throws Exception {
        return http().call(token(), method, params);
    }

    /** Reads events until the run ends, returning them in order. */
    private static List<JsonNode> runEvents(WsTestClient ws, String runId) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        // the run starts before chat.send is answered, so its first events may come before the answer: call() kept them
        Deque<JsonNode> early = new ArrayDeque<>(ws.takeSkipped());
        while (true) {
            JsonNode n = early.isEmpty() ? ws.readJson() : early.poll();
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

    /** @return the stored result of one tool call */
    private JsonNode toolResult(String sessionKey, String callId) throws Exception {
        JsonNode history = call("chat.history", Map.of("sessionKey", sessionKey, "includeCompacted", true))
                .get("result").get("messages");
        for (JsonNode m : history) {
            if (m.get("role").asText().equals("TOOL_RESULT") && m.get("toolCall").get("id").asText().equals(callId)) {
                return m;
            }
        }
        throw new AssertionError("no result for " + callId + " in " + history);
    }

    /** Sends over HTTP and waits for the run's outcome. */
    private JsonNode sendAndWait(String sessionKey, String message) throws Exception {
        JsonNode sent = call("chat.send", Map.of("sessionKey", sessionKey, "message", message));
        assertTrue(sent.toString(), sent.has("result"));
        return call("agent.wait", Map.of("runId", sent.get("result").get("runId").asText(), "timeoutMs", 30_000))
                .get("result");
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
            assertTrue(topics(events), topics(events).startsWith("agent/RUN:queued agent/RUN:started chat/DELTA"));
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
            JsonNode refused = toolResult("agent:main:exec", "call_no");
            assertTrue("an approval field in the arguments is refused, not honoured: " + refused,
                    refused.get("toolCall").get("error").asBoolean()
                            && refused.get("text").asText().contains("not accepted"));
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

    @Test
    public void k_sessionsCompactSummarisesOlderTurnsWithoutSplittingToolPairs() throws Exception {
        primary.enqueue(Reply.ofToolCall("call_k", "read", "{\"path\":\"notes.txt\"}"),
                Reply.ofText("The key is under the blue pot."), Reply.ofText("You are welcome."));
        assertEquals("ok", sendAndWait("agent:main:k", "Where is the key?").get("status").asText());
        assertEquals("ok", sendAndWait("agent:main:k", "Thanks!").get("status").asText());
        primary.enqueue(Reply.ofText("SUMMARY: the key is under the blue pot (read from notes.txt)."));
        JsonNode r = call("sessions.compact", Map.of("sessionKey", "agent:main:k"));
        assertTrue(r.toString(), r.get("result").get("compacted").asBoolean());
        JsonNode all = call("chat.history", Map.of("sessionKey", "agent:main:k", "includeCompacted", true))
                .get("result").get("messages");
        List<String> shape = new ArrayList<>();
        for (JsonNode m : all) {
            shape.add(m.get("role").asText() + (m.get("compactedBy").isNull() ? "" : "*"));
        }
        assertEquals("originals stay in the database, the first turn (call and result together) marked",
                List.of("USER*", "TOOL_CALL*", "TOOL_RESULT*", "ASSISTANT*", "USER", "ASSISTANT", "SUMMARY"), shape);
        assertTrue(all.get(6).get("text").asText().contains("blue pot"));
        JsonNode live = call("chat.history", Map.of("sessionKey", "agent:main:k")).get("result").get("messages");
        assertEquals(3, live.size());
        // the allow twin: a session that is a single turn has nothing to summarise
        JsonNode single = call("sessions.compact", Map.of("sessionKey", "agent:main:a"));
        assertFalse(single.toString(), single.get("result").get("compacted").asBoolean());
    }

    @Test
    public void l_aLongToolLoopIsCompactedBetweenRoundsInsideTheTurn() throws Exception {
        primary.enqueue(Reply.ofToolCall("call_l1", "read", "{\"path\":\"log1.txt\"}"),
                Reply.ofToolCall("call_l2", "read", "{\"path\":\"log2.txt\"}"),
                Reply.ofText("SUMMARY: log1 said alpha tide over and over."),
                Reply.ofText("Both logs are about the sea."));
        int before = primary.requests().size();
        JsonNode done = sendAndWait("agent:tiny:rounds", "Read log1.txt and log2.txt.");
        assertEquals(done.toString(), "Both logs are about the sea.", done.get("text").asText());
        List<RecordedRequest> reqs = primary.requests().subList(before, primary.requests().size());
        assertEquals("two rounds, the summary, the answer", 4, reqs.size());
        String last = reqs.get(3).body();
        assertTrue("the summary is in the system prompt", last.contains("log1 said alpha tide"));
        assertFalse("the first round is no longer sent", last.contains("alpha tide alpha tide"));
        assertTrue("the last round is", last.contains("bravo storm bravo storm") && last.contains("call_l2"));
        assertTrue("the model still sees what the user asked", last.contains("Read log1.txt and log2.txt."));
        JsonNode all = call("chat.history", Map.of("sessionKey", "agent:tiny:rounds", "includeCompacted", true))
                .get("result").get("messages");
        List<String> shape = new ArrayList<>();
        for (JsonNode m : all) {
            shape.add(m.get("role").asText() + (m.get("compactedBy").isNull() ? "" : "*"));
        }
        assertEquals(List.of("USER*", "TOOL_CALL*", "TOOL_RESULT*", "TOOL_CALL", "TOOL_RESULT", "SUMMARY",
                "ASSISTANT"), shape);
    }

    @Test
    public void m_aTurnStopsAtTheAgentsToolRoundCap() throws Exception {
        primary.enqueue(Reply.ofToolCall("call_m1", "read", "{\"path\":\"a.txt\"}"),
                Reply.ofToolCall("call_m2", "read", "{\"path\":\"b.txt\"}"));
        int before = primary.requests().size();
        JsonNode done = sendAndWait("agent:capped:m", "Read everything.");
        assertEquals(done.toString(), "error", done.get("status").asText());
        assertTrue(done.toString(), done.get("error").get("message").asText().contains("stopped after 2 model calls"));
        assertEquals("no third model call", 2, primary.requests().size() - before);
        toolResult("agent:capped:m", "call_m2");
        // the twin: an answer within the cap ends the turn normally
        primary.enqueue(Reply.ofToolCall("call_m3", "read", "{\"path\":\"a.txt\"}"), Reply.ofText("Nothing there."));
        assertEquals("Nothing there.", sendAndWait("agent:capped:m", "Try once.").get("text").asText());
    }

    @Test
    public void n_aToolTheAgentsPolicyDeniesIsRefusedToTheModel() throws Exception {
        Path marker = Paths.get(System.getProperty("karaf.home"), "workspace", "capped", "policy-marker");
        // one round with both calls: this agent allows two model calls per turn
        primary.enqueue(Reply.ofToolCall("call_n1", "exec", "{\"argv\":[\"touch\",\"policy-marker\"]}")
                        .toolCall("call_n2", "write", "{\"path\":\"allowed.txt\",\"content\":\"ok\"}"),
                Reply.ofText("Exec is not mine to use."));
        int before = primary.requests().size();
        JsonNode done = sendAndWait("agent:capped:n", "Touch a file with exec.");
        assertEquals("Exec is not mine to use.", done.get("text").asText());
        assertFalse("exec is not offered to this agent",
                primary.requests().get(before).body().contains("\"name\":\"exec\""));
        JsonNode denied = toolResult("agent:capped:n", "call_n1");
        assertTrue(denied.toString(), denied.get("toolCall").get("error").asBoolean());
        assertTrue(denied.toString(), denied.get("text").asText().startsWith(
                "Tool 'exec' is not available to this agent. Available: "));
        assertFalse(Files.exists(marker));
        JsonNode allowed = toolResult("agent:capped:n", "call_n2");
        assertFalse("an allowed tool runs: " + allowed, allowed.get("toolCall").get("error").asBoolean());
        assertTrue(Files.exists(marker.resolveSibling("allowed.txt")));
    }

    @Test
    public void o_sessionsSendHandsAMessageToAnotherAgentAndWaitsForItsAnswer() throws Exception {
        primary.enqueue(Reply.ofToolCall("call_o1", "sessions_send",
                        "{\"sessionKey\":\"agent:main:o\",\"message\":\"me again\"}"),
                Reply.ofToolCall("call_o2", "sessions_send",
                        "{\"sessionKey\":\"agent:tiny:inbox\",\"message\":\"ping from main\",\"waitSeconds\":20}"),
                Reply.ofText("pong from tiny"),
                Reply.ofText("Tiny answered pong."));
        JsonNode done = sendAndWait("agent:main:o", "Ask tiny.");
        assertEquals(done.toString(), "Tiny answered pong.", done.get("text").asText());
        JsonNode self = toolResult("agent:main:o", "call_o1");
        assertTrue(self.toString(), self.get("toolCall").get("error").asBoolean()
                && self.get("text").asText().contains("That is this session"));
        JsonNode answer = toolResult("agent:main:o", "call_o2");
        assertFalse(answer.toString(), answer.get("toolCall").get("error").asBoolean());
        assertEquals("pong from tiny", answer.get("text").asText());
        JsonNode inbox = call("chat.history", Map.of("sessionKey", "agent:tiny:inbox")).get("result").get("messages");
        assertEquals("ping from main", inbox.get(0).get("text").asText());
        assertEquals("pong from tiny", inbox.get(1).get("text").asText());
    }

    @Test
    public void p_theAgentMethodRunsAnAgentAndAgentWaitGivesTheAnswer() throws Exception {
        primary.enqueue(Reply.ofText("Aye, main here.").chunks(2));
        JsonNode started = call("agent", Map.of("agentId", "main", "message", "Who is there?", "sessionKey",
                "agent:main:p"));
        JsonNode r = started.get("result");
        assertEquals(started.toString(), "agent:main:p", r.get("routingKey").asText());
        JsonNode done = call("agent.wait", Map.of("runId", r.get("runId").asText(), "timeoutMs", 30_000))
                .get("result");
        assertEquals("ok", done.get("status").asText());
        assertEquals("Aye, main here.", done.get("text").asText());
        assertEquals("main", done.get("agentId").asText());
        JsonNode wrongAgent = call("agent", Map.of("agentId", "tiny", "message", "x", "sessionKey", "agent:main:p"));
        assertEquals("INVALID_PARAMS", wrongAgent.get("error").get("data").get("code").asText());
    }

    @Test
    public void q_bindingsRouteInboundMessagesToTheirAgent() throws Exception {
        primary.enqueue(Reply.ofText("capped answers 42"), Reply.ofText("main answers 43"),
                Reply.ofText("named agent answers"));
        JsonNode bound = call("chat.send", Map.of("sessionKey", "telegram:bot1:dm:42", "message", "hi")).get("result");
        assertEquals("agent:capped:telegram:bot1:dm:42", bound.get("routingKey").asText());
        assertEquals("capped answers 42", call("agent.wait", Map.of("runId", bound.get("runId").asText(),
                "timeoutMs", 30_000)).get("result").get("text").asText());
        JsonNode unbound = call("chat.send", Map.of("sessionKey", "telegram:bot1:dm:43", "message", "hi")).get("result");
        assertEquals("no binding matches: main", "agent:main:telegram:bot1:dm:43", unbound.get("routingKey").asText());
        call("agent.wait", Map.of("runId", unbound.get("runId").asText(), "timeoutMs", 30_000));
        JsonNode named = call("agent", Map.of("agentId", "tiny", "message", "hi", "sessionKey", "telegram:bot1:dm:42"))
                .get("result");
        assertEquals("an explicit agent wins", "agent:tiny:telegram:bot1:dm:42", named.get("routingKey").asText());
        call("agent.wait", Map.of("runId", named.get("runId").asText(), "timeoutMs", 30_000));
        primary.enqueue(Reply.ofText("capped again"));
        JsonNode viaAgent = call("agent", Map.of("message", "again", "sessionKey", "telegram:bot1:dm:42"));
        assertEquals(viaAgent.toString(), "agent:capped:telegram:bot1:dm:42",
                viaAgent.get("result").get("routingKey").asText());
        assertEquals("capped again", call("agent.wait", Map.of("runId", viaAgent.get("result").get("runId").asText(),
                "timeoutMs", 30_000)).get("result").get("text").asText());
    }

    @Test
    public void r_agentChatStreamsAnswersInTheConsole() throws Exception {
        primary.enqueue(Reply.ofText("Fog on the bay tonight.").chunks(4), Reply.ofText("Bye, sailor."));
        List<String> flushed = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        java.io.OutputStream sink = new java.io.OutputStream() {
            private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();

            @Override
            public synchronized void write(int b) {
                pending.write(b);
                all.write(b);
            }

            @Override
            public synchronized void flush() {
                flushed.add(pending.toString(java.nio.charset.StandardCharsets.UTF_8));
                pending.reset();
            }
        };
        byte[] typed = "What is the weather?\n\nGoodbye\n/exit\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        executeCommand("agent:chat --session agent:main:tui", new java.io.ByteArrayInputStream(typed), sink);
        String out = all.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(out, out.contains("Chatting with main in agent:main:tui"));
        assertTrue(out, out.contains("main> Fog on the bay tonight.\n"));
        assertTrue(out, out.contains("main> Bye, sailor.\n"));
        assertTrue("the answer arrived in pieces: " + flushed, flushed.stream().filter(f -> !f.isEmpty()
                && "Fog on the bay tonight.".contains(f) && !f.equals("Fog on the bay tonight.")).count() >= 2);
        JsonNode history = call("chat.history", Map.of("sessionKey", "agent:main:tui")).get("result").get("messages");
        assertEquals("two messages, two answers; the blank line sent nothing", 4, history.size());
    }
}
