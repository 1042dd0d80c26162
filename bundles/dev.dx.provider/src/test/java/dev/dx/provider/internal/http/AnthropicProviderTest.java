package dev.dx.provider.internal.http;

import static dev.dx.provider.internal.TestProviders.ask;
import static dev.dx.provider.internal.TestProviders.await;
import static dev.dx.provider.internal.TestProviders.fast;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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

/** The Anthropic Messages client against the fake server: streaming, tools, thinking, request shape. */
class AnthropicProviderTest {
    private FakeModelServer fake;
    private HttpModelProvider provider;

    @BeforeEach
    void start() throws Exception {
        fake = FakeModelServer.start();
        provider = TestProviders.provider("claude", fast("anthropic", fake.baseUrl(), "sk-ant-test-key"));
    }

    @AfterEach
    void stop() {
        provider.close();
        fake.close();
    }

    @Test
    void streamsTextDeltasInOrderAndReportsUsage() throws Exception {
        fake.enqueue(Reply.ofText("Hello, streaming world!").chunks(4).usage(21, 7));
        RecordingListener l = new RecordingListener();
        ModelResponse r = await(provider.stream(ask("claude-sonnet-4-5", "hi"), l));
        assertEquals(4, l.texts.size(), l.events.toString());
        assertEquals("Hello, streaming world!", String.join("", l.texts));
        assertEquals("Hello, streaming world!", r.text());
        assertEquals("end", r.stopReason());
        assertEquals(21, r.inputTokens());
        assertEquals(7, r.outputTokens());
        assertEquals("claude-sonnet-4-5", r.model());
        assertNull(r.providerState());
        assertTrue(l.threads.stream().allMatch(t -> t.startsWith("dx-provider-claude-")), l.threads.toString());
    }

    @Test
    void sendsTheMessagesApiShape() throws Exception {
        fake.enqueue(Reply.ofText("ok"));
        ToolSpec read = new ToolSpec("read", "Reads a file", Map.of("type", "object",
                "properties", Map.of("path", Map.of("type", "string")), "required", List.of("path")));
        ModelRequest req = new ModelRequest("claude-sonnet-4-5", "Be brief.", List.of(
                ModelMessage.user("What is in a.txt?"),
                ModelMessage.assistant("Let me look.", List.of(new ModelToolCall("toolu_1", "read", Map.of("path", "a.txt")))),
                ModelMessage.toolResult("toolu_1", "hello", false),
                ModelMessage.assistant("It says hello.", List.of()),
                ModelMessage.user("Thanks")), List.of(read), 1000, "off", null);
        await(provider.stream(req, new RecordingListener()));
        RecordedRequest rec = fake.requests().get(0);
        assertEquals("POST", rec.method());
        assertEquals("/v1/messages", rec.path());
        assertEquals("sk-ant-test-key", rec.header("x-api-key"));
        assertEquals("2023-06-01", rec.header("anthropic-version"));
        assertNull(rec.header("authorization"));
        assertTrue(rec.header("content-type").startsWith("application/json"));
        Map<String, Object> body = rec.json();
        assertEquals("claude-sonnet-4-5", body.get("model"));
        assertEquals("Be brief.", body.get("system"));
        assertEquals(true, body.get("stream"));
        assertEquals(1000, body.get("max_tokens"));
        assertFalse(body.containsKey("thinking"));
        assertEquals(List.of(Map.of("name", "read", "description", "Reads a file", "input_schema", read.parameters())),
                body.get("tools"));
        assertEquals(List.of(
                Map.of("role", "user", "content", List.of(Map.of("type", "text", "text", "What is in a.txt?"))),
                Map.of("role", "assistant", "content", List.of(Map.of("type", "text", "text", "Let me look."),
                        Map.of("type", "tool_use", "id", "toolu_1", "name", "read", "input", Map.of("path", "a.txt")))),
                Map.of("role", "user", "content", List.of(
                        Map.of("type", "tool_result", "tool_use_id", "toolu_1", "content", "hello"))),
                Map.of("role", "assistant", "content", List.of(Map.of("type", "text", "text", "It says hello."))),
                Map.of("role", "user", "content", List.of(Map.of("type", "text", "text", "Thanks")))),
                body.get("messages"));
    }

    @Test
    void streamsToolCallsWithArgumentsSplitAcrossDeltas() throws Exception {
        fake.enqueue(Reply.stream().text("Let me look.").toolCall("toolu_7", "read",
                "{\"path\":\"notes/today.md\",\"limit\":20}").toolCall("toolu_8", "list", "{}").chunks(5));
        RecordingListener l = new RecordingListener();
        ModelResponse r = await(provider.stream(ask("claude-sonnet-4-5", "read my notes"), l));
        assertEquals(List.of(new ModelToolCall("toolu_7", "read", Map.of("path", "notes/today.md", "limit", 20)),
                new ModelToolCall("toolu_8", "list", Map.of())), r.toolCalls());
        assertEquals(r.toolCalls(), l.toolCalls);
        assertEquals("tool_calls", r.stopReason());
        assertEquals("Let me look.", r.text());
        int lastText = l.events.lastIndexOf("text:" + l.texts.get(l.texts.size() - 1));
        assertTrue(lastText < l.events.indexOf("tool:read"), "text before the tool call: " + l.events);
    }

    @Test
    void streamsThinkingAndKeepsTheSignedBlocksForTheToolLoop() throws Exception {
        fake.enqueue(Reply.stream().thinking("The user wants the file.").toolCall("toolu_1", "read", "{\"path\":\"a\"}")
                .chunks(3));
        RecordingListener l = new RecordingListener();
        ModelRequest first = new ModelRequest("claude-sonnet-4-5", null, List.of(ModelMessage.user("read a")), List.of(),
                1024, "medium", null);
        ModelResponse r = await(provider.stream(first, l));
        assertEquals(3, l.thinking.size());
        assertEquals("The user wants the file.", String.join("", l.thinking));
        assertTrue(l.events.get(0).startsWith("thinking:"), l.events.toString());
        Map<String, Object> sent = fake.requests().get(0).json();
        assertEquals(Map.of("type", "enabled", "budget_tokens", 8192), sent.get("thinking"));
        assertEquals(1024 + 8192, sent.get("max_tokens"));
        assertNotNull(r.providerState());

        // the next step of the loop sends the signed thinking block back, first in the assistant message
        fake.enqueue(Reply.ofText("Done."), Reply.ofText("Done."));
        List<ModelMessage> loop = List.of(ModelMessage.user("read a"),
                ModelMessage.assistant(r.text(), r.toolCalls(), r.providerState()),
                ModelMessage.toolResult("toolu_1", "contents", false));
        await(provider.stream(new ModelRequest("claude-sonnet-4-5", null, loop, List.of(), 1024, "medium", null),
                new RecordingListener()));
        Map<String, Object> second = fake.requests().get(1).json();
        @SuppressWarnings("unchecked")
        Map<String, Object> assistant = ((List<Map<String, Object>>) second.get("messages")).get(1);
        assertEquals(Map.of("type", "thinking", "thinking", "The user wants the file.", "signature", "fake-signature-0"),
                ((List<?>) assistant.get("content")).get(0));
        assertTrue(second.containsKey("thinking"));

        // without the blocks (an agent that did not keep them) the step runs without thinking instead of a 400
        List<ModelMessage> lost = List.of(ModelMessage.user("read a"), ModelMessage.assistant("", r.toolCalls()),
                ModelMessage.toolResult("toolu_1", "contents", false));
        await(provider.stream(new ModelRequest("claude-sonnet-4-5", null, lost, List.of(), 1024, "medium", null),
                new RecordingListener()));
        assertFalse(fake.requests().get(2).json().containsKey("thinking"));
    }

    @Test
    void ignoresThinkingForModelsWithoutIt() throws Exception {
        fake.enqueue(Reply.ofText("ok"));
        await(provider.stream(new ModelRequest("claude-3-5-haiku-latest", null, List.of(ModelMessage.user("x")),
                List.of(), 0, "high", null), new RecordingListener()));
        Map<String, Object> sent = fake.requests().get(0).json();
        assertFalse(sent.containsKey("thinking"));
        assertEquals(8192, sent.get("max_tokens"));
    }

    @Test
    void keepsThinkingWithinTheModelsOutputLimit() throws Exception {
        fake.enqueue(Reply.ofText("ok"));
        await(provider.stream(new ModelRequest("claude-opus-4-1", null, List.of(ModelMessage.user("x")), List.of(),
                16_000, "high", null), new RecordingListener()));
        Map<String, Object> sent = fake.requests().get(0).json();
        assertEquals(32_000, sent.get("max_tokens"));
        assertEquals(Map.of("type", "enabled", "budget_tokens", 16_000), sent.get("thinking"));
    }

    @Test
    void reusesTheConnection() throws Exception {
        fake.enqueue(Reply.ofText("one"), Reply.ofText("two"));
        await(provider.stream(ask("claude-sonnet-4-5", "1"), new RecordingListener()));
        await(provider.stream(ask("claude-sonnet-4-5", "2"), new RecordingListener()));
        assertEquals(1, fake.connections());
        assertEquals(fake.requests().get(0).connection(), fake.requests().get(1).connection());
    }
}
