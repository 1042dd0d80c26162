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
 * OpenAI Responses ({@code POST /v1/responses}): the system prompt as {@code instructions}, the conversation as
 * {@code input} items (messages, {@code function_call}, {@code function_call_output}), stateless ({@code store:
 * false}: DX keeps the history, OpenAI need not).
 */
public final class ResponsesCodec implements WireCodec {
    private final ObjectMapper mapper;
    private final String apiKey;

    public ResponsesCodec(ObjectMapper mapper, String apiKey) {
        this.mapper = mapper;
        this.apiKey = apiKey;
    }

    @Override
    public URI endpoint(URI base) {
        return WireCodec.under(base, "responses");
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
        root.put("store", false);
        if (r.system() != null && !r.system().isBlank()) {
            root.put("instructions", r.system());
        }
        ArrayNode input = root.putArray("input");
        for (ModelMessage m : r.messages()) {
            String text = m.text() == null ? "" : m.text();
            switch (m.role()) {
                case USER -> input.addObject().put("role", "user").put("content", text);
                case TOOL -> input.addObject().put("type", "function_call_output").put("call_id", m.toolCallId())
                        .put("output", (m.toolError() ? "Error: " : "") + text);
                case ASSISTANT -> {
                    if (!text.isEmpty()) {
                        input.addObject().put("role", "assistant").put("content", text);
                    }
                    for (ModelToolCall c : m.toolCalls()) {
                        input.addObject().put("type", "function_call").put("call_id", c.id()).put("name", c.name())
                                .put("arguments", mapper.writeValueAsString(c.arguments() == null ? Map.of()
                                        : c.arguments()));
                    }
                }
                default -> throw new IllegalArgumentException("unknown role " + m.role());
            }
        }
        if (!r.tools().isEmpty()) {
            ArrayNode tools = root.putArray("tools");
            for (ToolSpec t : r.tools()) {
                tools.addObject().put("type", "function").put("name", t.name()).put("description", t.description())
                        .set("parameters", mapper.valueToTree(t.parameters()));
            }
        }
        if (r.maxTokens() > 0) {
            root.put("max_output_tokens", r.maxTokens());
        }
        String effort = Reasoning.openAiEffort(r.thinking(), r.model());
        if (effort != null) {
            root.putObject("reasoning").put("effort", effort);
        }
        return mapper.writeValueAsBytes(root);
    }

    @Override
    public StreamDecoder decoder(TurnAccumulator turn) {
        return new ResponsesStream(mapper, turn);
    }
}
