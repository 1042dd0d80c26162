package dev.dx.provider.internal.codec;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.dx.api.model.ModelMessage;
import dev.dx.api.model.ModelRequest;
import dev.dx.api.model.ModelToolCall;
import dev.dx.api.tool.ToolSpec;

/**
 * OpenAI Chat Completions ({@code POST /v1/chat/completions}), for OpenAI itself and for OpenAI-compatible servers:
 * the system prompt as the first message, tool results as {@code tool} messages, tools as functions, usage asked for
 * with {@code stream_options.include_usage}.
 */
public final class ChatCompletionsCodec implements WireCodec {
    private final ObjectMapper mapper;
    private final String apiKey;
    private final boolean openAi;

    /**
     * @param apiKey the bearer token, or {@code null} for servers without authentication
     * @param openAi whether this is OpenAI itself, which wants {@code max_completion_tokens}; compatible servers
     *               know {@code max_tokens}
     */
    public ChatCompletionsCodec(ObjectMapper mapper, String apiKey, boolean openAi) {
        this.mapper = mapper;
        this.apiKey = apiKey;
        this.openAi = openAi;
    }

    @Override
    public URI endpoint(URI base) {
        return WireCodec.under(base, "chat/completions");
    }

    @Override
    public void headers(HttpRequest.Builder request) {
        WireCodec.bearer(request, apiKey);
    }

    @Override
    public byte[] encode(ModelRequest r) throws IOException {
        ObjectNode root = mapper.createObjectNode();
        root.put("model", r.model());
        root.put("stream", true);
        root.putObject("stream_options").put("include_usage", true);
        ArrayNode messages = root.putArray("messages");
        if (r.system() != null && !r.system().isBlank()) {
            messages.addObject().put("role", "system").put("content", r.system());
        }
        for (ModelMessage m : r.messages()) {
            switch (m.role()) {
                case USER -> messages.addObject().put("role", "user").put("content", m.text() == null ? "" : m.text());
                case TOOL -> messages.addObject().put("role", "tool").put("tool_call_id", m.toolCallId())
                        .put("content", (m.toolError() ? "Error: " : "") + (m.text() == null ? "" : m.text()));
                case ASSISTANT -> assistant(messages.addObject(), m);
                default -> throw new IllegalArgumentException("unknown role " + m.role());
            }
        }
        if (!r.tools().isEmpty()) {
            ArrayNode tools = root.putArray("tools");
            for (ToolSpec t : r.tools()) {
                tools.addObject().put("type", "function").putObject("function").put("name", t.name())
                        .put("description", t.description()).set("parameters", mapper.valueToTree(t.parameters()));
            }
        }
        if (r.maxTokens() > 0) {
            root.put(openAi ? "max_completion_tokens" : "max_tokens", r.maxTokens());
        }
        String effort = Reasoning.openAiEffort(r.thinking(), r.model());
        if (effort != null) {
            root.put("reasoning_effort", effort);
        }
        return mapper.writeValueAsBytes(root);
    }

    private void assistant(ObjectNode out, ModelMessage m) throws IOException {
        out.put("role", "assistant");
        if (m.text() == null || m.text().isEmpty()) {
            out.putNull("content");
        } else {
            out.put("content", m.text());
        }
        if (!m.toolCalls().isEmpty()) {
            ArrayNode calls = out.putArray("tool_calls");
            for (ModelToolCall c : m.toolCalls()) {
                calls.addObject().put("id", c.id()).put("type", "function").putObject("function").put("name", c.name())
                        .put("arguments", mapper.writeValueAsString(c.arguments() == null ? Map.of() : c.arguments()));
            }
        }
    }

    @Override
    public StreamDecoder decoder(TurnAccumulator turn) {
        return new ChatCompletionsStream(mapper, turn);
    }
}
