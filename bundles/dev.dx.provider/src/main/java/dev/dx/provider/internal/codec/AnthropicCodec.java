package dev.dx.provider.internal.codec;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.dx.api.model.ModelMessage;
import dev.dx.api.model.ModelRequest;
import dev.dx.api.model.ModelToolCall;
import dev.dx.api.tool.ToolSpec;

/**
 * The Anthropic Messages API ({@code POST /v1/messages}): the system prompt apart from the messages, tool calls and
 * results as {@code tool_use} / {@code tool_result} blocks, thinking as an extended-thinking budget. Signed thinking
 * blocks travel in {@link dev.dx.api.model.ModelResponse#providerState()} and are sent back with their assistant
 * message, which the API requires while a tool-call loop runs with thinking on.
 */
public final class AnthropicCodec implements WireCodec {
    /** The key of Anthropic's part of a provider state. */
    static final String STATE_KEY = "anthropic";
    private static final int DEFAULT_MAX_TOKENS = 8192;
    private static final int MIN_BUDGET = 1024;

    private final ObjectMapper mapper;
    private final String apiKey;
    private final String version;
    private final Map<String, Integer> maxOutput;

    /** @param maxOutput the most output tokens of the models known to have a limit, by model id */
    public AnthropicCodec(ObjectMapper mapper, String apiKey, String version, Map<String, Integer> maxOutput) {
        this.mapper = mapper;
        this.apiKey = apiKey;
        this.version = version;
        this.maxOutput = Map.copyOf(maxOutput);
    }

    @Override
    public URI endpoint(URI base) {
        return WireCodec.under(base, "messages");
    }

    @Override
    public void headers(HttpRequest.Builder request) {
        request.header("x-api-key", apiKey).header("anthropic-version", version);
    }

    @Override
    public byte[] encode(ModelRequest r) throws IOException {
        ObjectNode root = mapper.createObjectNode();
        root.put("model", r.model());
        int budget = Reasoning.anthropicBudget(r.thinking(), r.model());
        if (budget > 0 && loopWithoutThinking(r.messages())) {
            // the blocks the API would insist on were not kept: this step runs without thinking rather than fail
            budget = 0;
        }
        int answer = r.maxTokens() > 0 ? r.maxTokens() : DEFAULT_MAX_TOKENS;
        int total = answer + budget;
        int cap = maxOutput.getOrDefault(r.model(), 0);
        if (cap > 0 && total > cap) {
            // thinking counts against max_tokens, which the model caps: keep room for the answer
            total = cap;
            budget = budget == 0 ? 0 : Math.min(budget, cap / 2);
            budget = budget < MIN_BUDGET ? 0 : budget;
        }
        root.put("max_tokens", total);
        root.put("stream", true);
        if (r.system() != null && !r.system().isBlank()) {
            root.put("system", r.system());
        }
        root.set("messages", messages(r.messages(), budget > 0));
        if (!r.tools().isEmpty()) {
            ArrayNode tools = root.putArray("tools");
            for (ToolSpec t : r.tools()) {
                tools.addObject().put("name", t.name()).put("description", t.description())
                        .set("input_schema", mapper.valueToTree(t.parameters()));
            }
        }
        if (budget > 0) {
            root.putObject("thinking").put("type", "enabled").put("budget_tokens", budget);
        }
        return mapper.writeValueAsBytes(root);
    }

    private ArrayNode messages(List<ModelMessage> messages, boolean thinking) throws IOException {
        ArrayNode out = mapper.createArrayNode();
        ArrayNode user = null;
        for (ModelMessage m : messages) {
            switch (m.role()) {
                case USER -> {
                    if (m.text() != null && !m.text().isEmpty()) {
                        user = user == null ? mapper.createArrayNode() : user;
                        user.addObject().put("type", "text").put("text", m.text());
                    }
                }
                case TOOL -> {
                    user = user == null ? mapper.createArrayNode() : user;
                    ObjectNode result = user.addObject().put("type", "tool_result").put("tool_use_id", m.toolCallId());
                    if (m.text() != null && !m.text().isEmpty()) {
                        result.put("content", m.text());
                    }
                    if (m.toolError()) {
                        result.put("is_error", true);
                    }
                }
                case ASSISTANT -> {
                    flush(out, user);
                    user = null;
                    ArrayNode content = mapper.createArrayNode();
                    if (thinking) {
                        thinkingBlocks(m.providerState()).forEach(content::add);
                    }
                    if (m.text() != null && !m.text().isEmpty()) {
                        content.addObject().put("type", "text").put("text", m.text());
                    }
                    for (ModelToolCall c : m.toolCalls()) {
                        content.addObject().put("type", "tool_use").put("id", c.id()).put("name", c.name())
                                .set("input", mapper.valueToTree(c.arguments() == null ? Map.of() : c.arguments()));
                    }
                    if (!content.isEmpty()) {
                        out.addObject().put("role", "assistant").set("content", content);
                    }
                }
                default -> throw new IllegalArgumentException("unknown role " + m.role());
            }
        }
        flush(out, user);
        return out;
    }

    private static void flush(ArrayNode out, ArrayNode user) {
        if (user != null && !user.isEmpty()) {
            out.addObject().put("role", "user").set("content", user);
        }
    }

    /** @return the thinking blocks kept in a provider state, or an empty array */
    private JsonNode thinkingBlocks(String providerState) throws IOException {
        if (providerState == null || providerState.isBlank()) {
            return mapper.createArrayNode();
        }
        JsonNode blocks = mapper.readTree(providerState).path(STATE_KEY).path("thinking");
        return blocks.isArray() ? blocks : mapper.createArrayNode();
    }

    /** @return whether the turn is in a tool-call loop whose last assistant message lost its thinking blocks */
    private boolean loopWithoutThinking(List<ModelMessage> messages) throws IOException {
        for (int i = messages.size() - 1; i >= 0; i--) {
            ModelMessage m = messages.get(i);
            if (m.role() == ModelMessage.Role.USER) {
                return false;
            }
            if (m.role() == ModelMessage.Role.ASSISTANT) {
                return !m.toolCalls().isEmpty() && thinkingBlocks(m.providerState()).isEmpty();
            }
        }
        return false;
    }

    @Override
    public StreamDecoder decoder(TurnAccumulator turn) {
        return new AnthropicStream(mapper, turn);
    }
}
