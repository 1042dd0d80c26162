package dev.dx.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

import com.fasterxml.jackson.databind.JsonNode;

import dev.dx.itests.support.WsTestClient;

/** The agent runtime as a client sees it, before any model provider is configured. */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class AgentIT extends DxTestSupport {

    private JsonNode call(String method, Object params) throws Exception {
        return http().call(token(), method, params);
    }

    private static JsonNode nextEvent(WsTestClient ws, String topicPrefix) throws Exception {
        while (true) {
            JsonNode n = ws.readJson();
            if (n != null && "event".equals(n.path("method").asText())
                    && n.get("params").get("topic").asText().startsWith(topicPrefix)) {
                return n.get("params");
            }
        }
    }

    @Test
    public void a_withoutAProviderATurnSaysHowToConfigureOne() throws Exception {
        await("the agent methods", TIMEOUT_MS, () -> !call("agents.list", null).has("error"));
        try (WsTestClient ws = connect()) {
            ws.call(1, "events.subscribe", Map.of("topics", List.of("dx/chat/*", "dx/agent/*")));
            JsonNode sent = ws.call(2, "chat.send", Map.of("message", "hello", "idempotencyKey", "k1"));
            String runId = sent.get("result").get("runId").asText();
            assertTrue(runId.startsWith("run_"));
            assertEquals("agent:main:main", sent.get("result").get("routingKey").asText());
            JsonNode again = ws.call(3, "chat.send", Map.of("message", "hello", "idempotencyKey", "k1"));
            assertEquals("the same idempotency key gives the same run", runId, again.get("result").get("runId").asText());

            JsonNode error = nextEvent(ws, "dx/chat/ERROR");
            assertEquals(runId, error.get("payload").get("runId").asText());
            String message = error.get("payload").get("error").get("message").asText();
            assertTrue(message, message.contains("No model provider 'anthropic' is configured"));
            assertTrue(message, message.contains("ANTHROPIC_API_KEY") && message.contains("secrets:set"));

            JsonNode waited = call("agent.wait", Map.of("runId", runId, "timeoutMs", 10_000)).get("result");
            assertEquals("error", waited.get("status").asText());
            assertEquals(message, waited.get("error").get("message").asText());
        }
        JsonNode history = call("chat.history", Map.of("sessionKey", "agent:main:main")).get("result");
        JsonNode first = history.get("messages").get(0);
        assertEquals("USER", first.get("role").asText());
        assertEquals("hello", first.get("text").asText());
        assertTrue("the gateway keeps running", call("health", null).has("result"));
    }

    @Test
    public void b_agentsToolsAndErrors() throws Exception {
        JsonNode agents = call("agents.list", null).get("result");
        assertEquals("main", agents.get(0).get("id").asText());
        assertTrue(agents.get(0).get("models").toString().contains("anthropic/"));
        JsonNode tools = call("tools.catalog", Map.of()).get("result").get("tools");
        assertTrue(tools.toString(), tools.toString().contains("\"sessions_send\""));
        assertEquals("NOT_FOUND", call("agent.wait", Map.of("runId", "run_nope")).get("error").get("data").get("code").asText());
        assertEquals("NOT_FOUND", call("agent", Map.of("agentId", "ghost", "message", "x")).get("error").get("data")
                .get("code").asText());
        assertEquals("INVALID_PARAMS", call("chat.send", Map.of("sessionKey", "../../etc/passwd", "message", "x"))
                .get("error").get("data").get("code").asText());
        assertEquals("INVALID_PARAMS", call("chat.send", Map.of("message", " ")).get("error").get("data").get("code")
                .asText());
        String shell = executeCommand("agents:list");
        assertTrue(shell, shell.contains("main") && shell.contains("anthropic/"));
    }

    @Test
    public void c_skillsAreGatedByTheirRequirements() throws Exception {
        Path skills = Paths.get(System.getProperty("karaf.home"), "workspace", "main", "skills");
        Files.createDirectories(skills.resolve("shellish"));
        Files.createDirectories(skills.resolve("needs-key"));
        Files.writeString(skills.resolve("shellish/SKILL.md"),
                "---\nname: shellish\ndescription: Uses the shell\nrequires:\n  bins: [sh]\n---\nRun things.\n");
        Files.writeString(skills.resolve("needs-key/SKILL.md"),
                "---\nname: needs-key\ndescription: Needs a key\nrequires:\n  env: [DX_TEST_NO_SUCH_KEY]\n---\n");
        JsonNode status = call("skills.status", Map.of("agentId", "main")).get("result").get("skills");
        assertEquals(2, status.size());
        for (JsonNode s : status) {
            if (s.get("name").asText().equals("shellish")) {
                assertTrue(s.get("eligible").asBoolean());
            } else {
                assertFalse(s.get("eligible").asBoolean());
                assertTrue(s.get("missing").toString().contains("DX_TEST_NO_SUCH_KEY"));
            }
        }
        Files.writeString(skills.resolve("needs-key/SKILL.md"),
                "---\nname: needs-key\ndescription: Changed\nrequires:\n  bins: [sh]\n---\n");
        await("an edited SKILL.md is read again", TIMEOUT_MS, () -> call("skills.status", Map.of()).toString()
                .contains("Changed"));
        String shell = executeCommand("skills:list main");
        assertTrue(shell, shell.contains("shellish") && shell.contains("yes"));
    }
}
