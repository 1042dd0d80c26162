package dev.dx.provider.internal.codec;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

/** Reads an Anthropic Messages stream: content blocks by index, each complete at its {@code content_block_stop}. */
final class AnthropicStream implements StreamDecoder {
    private final ObjectMapper mapper;
    private final TurnAccumulator turn;
    private final Map<Integer, Block> blocks = new HashMap<>();
    private final ArrayNode thinking;
    private boolean complete;

    /** A content block being received. */
    private static final class Block {
        final String type;
        final String id;
        final String name;
        final StringBuilder text = new StringBuilder();
        String signature;
        String data;

        Block(JsonNode start) {
            this.type = start.path("type").asText();
            this.id = start.path("id").asText(null);
            this.name = start.path("name").asText(null);
            this.data = start.path("data").asText(null);
        }
    }

    AnthropicStream(ObjectMapper mapper, TurnAccumulator turn) {
        this.mapper = mapper;
        this.turn = turn;
        this.thinking = mapper.createArrayNode();
    }

    @Override
    public void event(String name, String data) throws IOException {
        JsonNode e = mapper.readTree(data);
        String type = e.path("type").asText(name == null ? "" : name);
        switch (type) {
            case "message_start" -> {
                JsonNode message = e.path("message");
                turn.model(message.path("model").asText(null));
                usage(message.path("usage"));
            }
            case "content_block_start" -> {
                Block b = new Block(e.path("content_block"));
                blocks.put(e.path("index").asInt(), b);
                if (b.type.equals("text")) {
                    turn.text(e.path("content_block").path("text").asText(""));
                }
            }
            case "content_block_delta" -> delta(blocks.get(e.path("index").asInt()), e.path("delta"));
            case "content_block_stop" -> stop(blocks.remove(e.path("index").asInt()));
            case "message_delta" -> {
                JsonNode stop = e.path("delta").path("stop_reason");
                if (stop.isTextual()) {
                    turn.stopReason(normalise(stop.asText()));
                }
                usage(e.path("usage"));
            }
            case "message_stop" -> {
                complete = true;
                if (!thinking.isEmpty()) {
                    turn.providerState(mapper.writeValueAsString(
                            mapper.createObjectNode().set(AnthropicCodec.STATE_KEY,
                                    mapper.createObjectNode().set("thinking", thinking))));
                }
            }
            case "error" -> {
                JsonNode err = e.path("error");
                String code = err.path("type").asText(null);
                throw new StreamError(StreamError.statusOf(code), code, err.path("message").asText(null));
            }
            default -> {
                // ping, and event types added after this was written
            }
        }
    }

    private void delta(Block b, JsonNode d) {
        if (b == null) {
            return;
        }
        switch (d.path("type").asText()) {
            case "text_delta" -> turn.text(d.path("text").asText(""));
            case "thinking_delta" -> {
                String t = d.path("thinking").asText("");
                b.text.append(t);
                turn.thinking(t);
            }
            case "signature_delta" -> b.signature = d.path("signature").asText(null);
            case "input_json_delta" -> b.text.append(d.path("partial_json").asText(""));
            default -> {
                // citations and future delta types carry nothing DX uses
            }
        }
    }

    private void stop(Block b) {
        if (b == null) {
            return;
        }
        switch (b.type) {
            case "tool_use" -> turn.toolCall(b.id, b.name, b.text.toString());
            case "thinking" -> thinking.addObject().put("type", "thinking").put("thinking", b.text.toString())
                    .put("signature", b.signature);
            case "redacted_thinking" -> thinking.addObject().put("type", "redacted_thinking").put("data", b.data);
            default -> {
                // text was streamed as it came
            }
        }
    }

    private void usage(JsonNode u) {
        long input = u.path("input_tokens").asLong() + u.path("cache_creation_input_tokens").asLong()
                + u.path("cache_read_input_tokens").asLong();
        if (input > 0) {
            turn.inputTokens(input);
        }
        if (u.has("output_tokens")) {
            turn.outputTokens(u.path("output_tokens").asLong());
        }
    }

    private static String normalise(String reason) {
        return switch (reason) {
            case "end_turn", "stop_sequence" -> "end";
            case "tool_use" -> "tool_calls";
            default -> reason;
        };
    }

    @Override
    public boolean complete() {
        return complete;
    }
}
