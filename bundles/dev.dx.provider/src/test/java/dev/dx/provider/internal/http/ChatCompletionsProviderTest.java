package dev.dx.provider.internal.http;

import static dev.dx.provider.internal.TestProviders.ask;
import static dev.dx.provider.internal.TestProviders.await;
import static dev.dx.provider.internal.TestProviders.fast;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.dx.api.model.ModelMessage;
import dev.dx.api.model.ModelRequest;
import dev.dx.api.model.ModelResponse;
import dev.dx.api.model.ModelToolCall;
import dev.dx.api.tool.ToolSpec;
import dev.dx.provider.internal.RecordingListener;
import dev.dx.provider.internal.TestProviders;
import dev.dx.testsupport.fakemodel.FakeModelServer;
import dev.dx.testsupport.fakemodel.RecordedRequest;
import dev.dx.testsupport.fakemodel.Reply;

/** The OpenAI Chat Completions client, and the same client as "openai-compatible" with a custom base URL. */
class ChatCompletionsProviderTest {
    private FakeModelServer fake;
    private HttpModelProvider provider;

    @BeforeEach
    void start() throws Exception {
        fake = FakeModelServer.start();
    }

    @AfterEach
    void stop() {
        provider.close();
        fake.close();
    }

    private HttpModelProvider openai() {
        provider = TestProviders.provider("openai", fast("openai", fake.baseUrl(), "sk-test-openai"));
        return provider;
    }

    @Test
    void streamsTextAndUsage() throws Exception {
        fake.enqueue(Reply.ofText("Chat completions stream fine.").chunks(5).usage(30, 6));
        RecordingListener l = new RecordingListener();
        ModelResponse r = await(openai().stream(ask("gpt-4.1", "hi"), l));
        assertEquals(5, l.texts.size());
        assertEquals("Chat completions stream fine.", r.text());
        assertEquals("end", r.stopReason());
        assertEquals(30, r.inputTokens());
        assertEquals(6, r.outputTokens());
    }

    @Test
    void assemblesToolCallsFromDeltas() throws Exception {
        fake.enqueue(Reply.stream().toolCall("call_a", "read", "{\"path\":\"a.txt\"}")
                .toolCall("call_b", "web_fetch", "{\"url\":\"https://example.org\",\"maxBytes\":1000}").chunks(4));
        RecordingListener l = new RecordingListener();
        ModelResponse r = await(openai().stream(ask("gpt-4.1", "do things"), l));
        assertEquals(List.of(new ModelToolCall("call_a", "read", Map.of("path", "a.txt")),
                new ModelToolCall("call_b", "web_fetch", Map.of("url", "https://example.org", "maxBytes", 1000))),
                r.toolCalls());
        assertEquals(r.toolCalls(), l.toolCalls);
        assertEquals("tool_calls", r.stopReason());
        assertEquals("", r.text());
    }

    @Test
    void sendsTheChatCompletionsShape() throws Exception {
        fake.enqueue(Reply.ofText("ok"));
        ToolSpec exec = new ToolSpec("exec", "Runs a command", Map.of("type", "object",
                "properties", Map.of("argv", Map.of("type", "array"))));
        ModelRequest req = new ModelRequest("o4-mini", "Be brief.", List.of(ModelMessage.user("list files"),
                ModelMessage.assistant(null, List.of(new ModelToolCall("call_1", "exec", Map.of("argv", List.of("ls"))))),
                ModelMessage.toolResult("call_1", "denied by policy", true)), List.of(exec), 500, "high", null);
        await(openai().stream(req, new RecordingListener()));
        RecordedRequest rec = fake.requests().get(0);
        assertEquals("/v1/chat/completions", rec.path());
        assertEquals("Bearer sk-test-openai", rec.header("authorization"));
        Map<String, Object> body = rec.json();
        assertEquals("o4-mini", body.get("model"));
        assertEquals(true, body.get("stream"));
        assertEquals(Map.of("include_usage", true), body.get("stream_options"));
        assertEquals(500, body.get("max_completion_tokens"));
        assertFalse(body.containsKey("max_tokens"));
        assertEquals("high", body.get("reasoning_effort"));
        assertEquals(List.of(Map.of("type", "function", "function", Map.of("name", "exec",
                "description", "Runs a command", "parameters", exec.parameters()))), body.get("tools"));
        List<?> messages = (List<?>) body.get("messages");
        assertEquals(Map.of("role", "system", "content", "Be brief."), messages.get(0));
        assertEquals(Map.of("role", "user", "content", "list files"), messages.get(1));
        Map<?, ?> assistant = (Map<?, ?>) messages.get(2);
        assertEquals("assistant", assistant.get("role"));
        assertNull(assistant.get("content"));
        assertEquals(List.of(Map.of("id", "call_1", "type", "function", "function",
                Map.of("name", "exec", "arguments", "{\"argv\":[\"ls\"]}"))), assistant.get("tool_calls"));
        assertEquals(Map.of("role", "tool", "tool_call_id", "call_1", "content", "Error: denied by policy"),
                messages.get(3));
    }

    @Test
    void noReasoningEffortForModelsWithoutReasoning() throws Exception {
        fake.enqueue(Reply.ofText("ok"));
        await(openai().stream(new ModelRequest("gpt-4.1", null, List.of(ModelMessage.user("x")), List.of(), 0, "high",
                null), new RecordingListener()));
        Map<String, Object> body = fake.requests().get(0).json();
        assertFalse(body.containsKey("reasoning_effort"));
        assertFalse(body.containsKey("max_completion_tokens"));
        assertFalse(((List<?>) body.get("messages")).toString().contains("system"));
    }

    @Test
    void compatibleServerWithVersionedBaseUrlAndNoKey() throws Exception {
        fake.enqueue(Reply.stream().thinking("Small model thinks.").text("Local answer.").chunks(3));
        provider = TestProviders.provider("ollama", fast("openai-compatible", fake.baseUrl() + "/v1", null));
        assertTrue(provider.models().isEmpty(), "any model id is accepted");
        RecordingListener l = new RecordingListener();
        ModelResponse r = await(provider.stream(new ModelRequest("llama3.1:8b", null, List.of(ModelMessage.user("hi")),
                List.of(), 200, "off", null), l));
        assertEquals("Local answer.", r.text());
        assertEquals("Small model thinks.", String.join("", l.thinking));
        assertEquals("llama3.1:8b", r.model());
        RecordedRequest rec = fake.requests().get(0);
        assertEquals("/v1/chat/completions", rec.path());
        assertNull(rec.header("authorization"));
        assertEquals(200, rec.json().get("max_tokens"));
        assertFalse(rec.json().containsKey("max_completion_tokens"));
    }

    @Test
    void compatibleServerWithKeyAndExtraHeaders() throws Exception {
        fake.enqueue(Reply.ofText("routed"));
        var v = fast("openai-compatible", fake.baseUrl() + "/api/v1", "sk-or-test-123456");
        v.put("headers", new String[] {"HTTP-Referer: https://dx.example", "X-Title: DX"});
        provider = TestProviders.provider("openrouter", v);
        await(provider.stream(ask("anthropic/claude-sonnet-4.5", "hi"), new RecordingListener()));
        RecordedRequest rec = fake.requests().get(0);
        assertEquals("/api/v1/chat/completions", rec.path());
        assertEquals("Bearer sk-or-test-123456", rec.header("authorization"));
        assertEquals("https://dx.example", rec.header("http-referer"));
        assertEquals("DX", rec.header("x-title"));
    }
}
