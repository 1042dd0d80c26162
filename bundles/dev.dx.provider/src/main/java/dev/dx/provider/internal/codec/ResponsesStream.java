package dev.dx.provider.internal.codec;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads a Responses stream: text and reasoning-summary deltas as they come, function calls assembled by output index
 * and reported at {@code response.output_item.done}, usage and status from {@code response.completed} (or
 * {@code response.incomplete}).
 */
final class ResponsesStream implements StreamDecoder {
    private final ObjectMapper mapper;
    private final TurnAccumulator turn;
    private final Map<Integer, Call> calls = new HashMap<>();
    private boolean complete;

    /** A function call being received. */
    private static final class Call {
        String callId;
        String name;
        final StringBuilder arguments = new StringBuilder();
    }

    ResponsesStream(ObjectMapper mapper, TurnAccumulator turn) {
        this.mapper = mapper;
        this.turn = turn;
    }

    @Override
    public void event(String name, String data) throws IOException {
        JsonNode e = mapper.readTree(data);
        String type = e.path("type").asText(name == null ? "" : name);
        int index = e.path("output_index").asInt(-1);
        switch (type) {
            case "response.created", "response.in_progress" -> turn.model(e.path("response").path("model").asText(null));
            case "response.output_item.added" -> {
                JsonNode item = e.path("item");
                if (item.path("type").asText().equals("function_call")) {
                    Call c = new Call();
                    c.callId = item.path("call_id").asText(null);
                    c.name = item.path("name").asText(null);
                    c.arguments.append(item.path("arguments").asText(""));
                    calls.put(index, c);
                }
            }
            case "response.output_text.delta" -> turn.text(e.path("delta").asText(""));
            case "response.reasoning_summary_text.delta", "response.reasoning_text.delta" ->
                    turn.thinking(e.path("delta").asText(""));
            case "response.function_call_arguments.delta" -> {
                Call c = calls.get(index);
                if (c != null) {
                    c.arguments.append(e.path("delta").asText(""));
                }
            }
            case "response.function_call_arguments.done" -> {
                Call c = calls.get(index);
                if (c != null && e.path("arguments").isTextual()) {
                    c.arguments.setLength(0);
                    c.arguments.append(e.path("arguments").asText());
                }
            }
            case "response.output_item.done" -> {
                Call c = calls.remove(index);
                JsonNode item = e.path("item");
                if (c != null) {
                    String args = item.path("arguments").isTextual() ? item.path("arguments").asText()
                            : c.arguments.toString();
                    turn.toolCall(item.path("call_id").asText(c.callId), item.path("name").asText(c.name), args);
                }
            }
            case "response.completed", "response.incomplete" -> finish(e.path("response"));
            case "response.failed" -> {
                JsonNode err = e.path("response").path("error");
                String code = err.path("code").asText(null);
                throw new StreamError(StreamError.statusOf(code), code, err.path("message").asText("the response failed"));
            }
            case "error" -> {
                String code = e.path("code").asText(null);
                throw new StreamError(StreamError.statusOf(code), code, e.path("message").asText(null));
            }
            default -> {
                // content_part, *.done duplicates, and event types added after this was written
            }
        }
    }

    private void finish(JsonNode response) {
        turn.model(response.path("model").asText(null));
        JsonNode usage = response.path("usage");
        turn.inputTokens(usage.path("input_tokens").asLong());
        turn.outputTokens(usage.path("output_tokens").asLong());
        String reason = response.path("incomplete_details").path("reason").asText("");
        if (response.path("status").asText().equals("incomplete")) {
            turn.stopReason(reason.equals("max_output_tokens") ? "max_tokens" : reason.isEmpty() ? "incomplete" : reason);
        } else {
            turn.stopReason(turn.hasToolCalls() ? "tool_calls" : "end");
        }
        complete = true;
    }

    @Override
    public boolean complete() {
        return complete;
    }
}
