package dev.dx.testsupport.fakemodel;

import static dev.dx.testsupport.fakemodel.Json.obj;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The OpenAI Responses stream: {@code response.created}, output items (message, reasoning, function_call) with
 * their deltas and {@code done} events, then {@code response.completed} (or {@code response.incomplete}) with usage.
 */
final class ResponsesWriter implements ProtocolWriter {
    private final Json json;

    ResponsesWriter(Json json) {
        this.json = json;
    }

    @Override
    public List<Frame> frames(Reply reply, String model, Map<String, Object> request) {
        Events out = new Events();
        out.add("response.created", obj("response", response(model, "in_progress", List.of(), null)), false);
        List<Object> items = new ArrayList<>();
        int index = 0;
        for (Reply.Block b : reply.blocks) {
            String id = switch (b.kind()) {
                case THINKING -> "rs_" + index;
                case TEXT -> "msg_" + index;
                case TOOL_CALL -> "fc_" + index;
            };
            Map<String, Object> done = switch (b.kind()) {
                case THINKING -> obj("id", id, "type", "reasoning",
                        "summary", List.of(obj("type", "summary_text", "text", b.text())));
                case TEXT -> obj("id", id, "type", "message", "status", "completed", "role", "assistant",
                        "content", List.of(obj("type", "output_text", "text", b.text(), "annotations", List.of())));
                case TOOL_CALL -> obj("id", id, "type", "function_call", "status", "completed", "call_id", b.id(),
                        "name", b.name(), "arguments", b.text());
            };
            Map<String, Object> added = switch (b.kind()) {
                case THINKING -> obj("id", id, "type", "reasoning", "summary", List.of());
                case TEXT -> obj("id", id, "type", "message", "status", "in_progress", "role", "assistant",
                        "content", List.of());
                case TOOL_CALL -> obj("id", id, "type", "function_call", "status", "in_progress", "call_id", b.id(),
                        "name", b.name(), "arguments", "");
            };
            out.add("response.output_item.added", obj("output_index", index, "item", added), false);
            String deltaEvent = switch (b.kind()) {
                case THINKING -> "response.reasoning_summary_text.delta";
                case TEXT -> "response.output_text.delta";
                case TOOL_CALL -> "response.function_call_arguments.delta";
            };
            for (String piece : reply.pieces(b.text())) {
                out.add(deltaEvent, obj("item_id", id, "output_index", index, "content_index", 0, "delta", piece), true);
            }
            if (b.kind() == Reply.Kind.TEXT) {
                out.add("response.output_text.done", obj("item_id", id, "output_index", index, "content_index", 0,
                        "text", b.text()), false);
            } else if (b.kind() == Reply.Kind.TOOL_CALL) {
                out.add("response.function_call_arguments.done", obj("item_id", id, "output_index", index,
                        "arguments", b.text()), false);
            }
            out.add("response.output_item.done", obj("output_index", index, "item", done), false);
            items.add(done);
            index++;
        }
        if (reply.streamErrorType != null) {
            out.add("error", obj("code", reply.streamErrorType, "message", reply.streamErrorMessage, "param", null), false);
            return out.frames;
        }
        Map<String, Object> usage = obj("input_tokens", reply.inputTokens, "output_tokens", reply.output(),
                "total_tokens", reply.inputTokens + reply.output());
        if (reply.stop().equals("max_tokens")) {
            Map<String, Object> r = response(model, "incomplete", items, usage);
            r.put("incomplete_details", obj("reason", "max_output_tokens"));
            out.add("response.incomplete", obj("response", r), false);
        } else {
            out.add("response.completed", obj("response", response(model, "completed", items, usage)), false);
        }
        return out.frames;
    }

    @Override
    public Object errorBody(int status, String message) {
        return ChatCompletionsWriter.errorShape(status, message);
    }

    private static Map<String, Object> response(String model, String status, List<Object> output,
            Map<String, Object> usage) {
        return obj("id", "resp_fake", "object", "response", "created_at", 0, "status", status, "model", model,
                "output", output, "usage", usage);
    }

    /** Numbers events as the Responses API does ({@code sequence_number}). */
    private final class Events {
        final List<Frame> frames = new ArrayList<>();

        void add(String type, Map<String, Object> fields, boolean delta) {
            Map<String, Object> data = obj("type", type, "sequence_number", frames.size());
            data.putAll(fields);
            frames.add(Frame.event(type, json.write(data), delta));
        }
    }
}
