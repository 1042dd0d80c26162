package dev.dx.provider.internal.http;

import static dev.dx.provider.internal.TestProviders.ask;
import static dev.dx.provider.internal.TestProviders.await;
import static dev.dx.provider.internal.TestProviders.fast;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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

/** The OpenAI Responses client against the fake server. */
class ResponsesProviderTest {
    private FakeModelServer fake;
    private HttpModelProvider provider;

    @BeforeEach
    void start() throws Exception {
        fake = FakeModelServer.start();
        provider = TestProviders.provider("responses", fast("openai-responses", fake.baseUrl(), "sk-test-resp"));
    }

    @AfterEach
    void stop() {
        provider.close();
        fake.close();
    }

    @Test
    void streamsTextReasoningAndUsage() throws Exception {
        fake.enqueue(Reply.stream().thinking("Plan the answer.").text("Responses work.").chunks(3).usage(40, 9));
        RecordingListener l = new RecordingListener();
        ModelResponse r = await(provider.stream(ask("gpt-5", "hi"), l));
        assertEquals(List.of("thinking", "thinking", "thinking", "text", "text", "text"),
                l.events.stream().map(e -> e.substring(0, e.indexOf(':'))).toList());
        assertEquals("Responses work.", r.text());
        assertEquals("Plan the answer.", String.join("", l.thinking));
        assertEquals("end", r.stopReason());
        assertEquals(40, r.inputTokens());
        assertEquals(9, r.outputTokens());
    }

    @Test
    void assemblesFunctionCallsFromArgumentDeltas() throws Exception {
        fake.enqueue(Reply.stream().text("Checking.").toolCall("call_r1", "read", "{\"path\":\"README.md\"}").chunks(4));
        RecordingListener l = new RecordingListener();
        ModelResponse r = await(provider.stream(ask("gpt-5", "read it"), l));
        assertEquals(List.of(new ModelToolCall("call_r1", "read", Map.of("path", "README.md"))), r.toolCalls());
        assertEquals(r.toolCalls(), l.toolCalls);
        assertEquals("tool_calls", r.stopReason());
    }

    @Test
    void reportsMaxTokens() throws Exception {
        fake.enqueue(Reply.ofText("cut by the limit").stopReason("max_tokens"));
        assertEquals("max_tokens", await(provider.stream(ask("gpt-5", "x"), new RecordingListener())).stopReason());
    }

    @Test
    void sendsTheResponsesShape() throws Exception {
        fake.enqueue(Reply.ofText("ok"));
        ToolSpec read = new ToolSpec("read", "Reads a file", null);
        ModelRequest req = new ModelRequest("gpt-5", "Be brief.", List.of(ModelMessage.user("read a"),
                ModelMessage.assistant("On it.", List.of(new ModelToolCall("call_1", "read", Map.of("path", "a")))),
                ModelMessage.toolResult("call_1", "alpha", false)), List.of(read), 700, "low", null);
        await(provider.stream(req, new RecordingListener()));
        RecordedRequest rec = fake.requests().get(0);
        assertEquals("/v1/responses", rec.path());
        assertEquals("Bearer sk-test-resp", rec.header("authorization"));
        Map<String, Object> body = rec.json();
        assertEquals("gpt-5", body.get("model"));
        assertEquals("Be brief.", body.get("instructions"));
        assertEquals(true, body.get("stream"));
        assertEquals(false, body.get("store"));
        assertEquals(700, body.get("max_output_tokens"));
        assertEquals(Map.of("effort", "low"), body.get("reasoning"));
        assertEquals(List.of(Map.of("type", "function", "name", "read", "description", "Reads a file",
                "parameters", read.parameters())), body.get("tools"));
        assertEquals(List.of(Map.of("role", "user", "content", "read a"),
                Map.of("role", "assistant", "content", "On it."),
                Map.of("type", "function_call", "call_id", "call_1", "name", "read", "arguments", "{\"path\":\"a\"}"),
                Map.of("type", "function_call_output", "call_id", "call_1", "output", "alpha")), body.get("input"));
        assertFalse(body.containsKey("messages"));
    }
}
