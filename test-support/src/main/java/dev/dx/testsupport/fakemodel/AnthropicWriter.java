package dev.dx.testsupport.fakemodel;

import static dev.dx.testsupport.fakemodel.Json.obj;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The Anthropic Messages API stream: {@code message_start}, content blocks with deltas, {@code message_delta}, {@code message_stop}. */
final class AnthropicWriter implements ProtocolWriter {
    private final Json json;

    AnthropicWriter(Json json) {
        this.json = json;
    }

    @Override
    public List<Frame> frames(Reply reply, String model, Map<String, Object> request) {
        List<Frame> out = new ArrayList<>();
        out.add(event("message_start", obj("type", "message_start", "message", obj("id", "msg_fake", "type", "message",
                "role", "assistant", "model", model, "content", List.of(), "stop_reason", null, "stop_sequence", null,
                "usage", obj("input_tokens", reply.inputTokens, "output_tokens", 1))), false));
        out.add(event("ping", obj("type", "ping"), false));
        int index = 0;
        for (Reply.Block b : reply.blocks) {
            Map<String, Object> start = switch (b.kind()) {
                case THINKING -> obj("type", "thinking", "thinking", "");
                case TEXT -> obj("type", "text", "text", "");
                case TOOL_CALL -> obj("type", "tool_use", "id", b.id(), "name", b.name(), "input", Map.of());
            };
            out.add(event("content_block_start", obj("type", "content_block_start", "index", index,
                    "content_block", start), false));
            for (String piece : reply.pieces(b.text())) {
                Map<String, Object> delta = switch (b.kind()) {
                    case THINKING -> obj("type", "thinking_delta", "thinking", piece);
                    case TEXT -> obj("type", "text_delta", "text", piece);
                    case TOOL_CALL -> obj("type", "input_json_delta", "partial_json", piece);
                };
                out.add(event("content_block_delta", obj("type", "content_block_delta", "index", index,
                        "delta", delta), true));
            }
            if (b.kind() == Reply.Kind.THINKING) {
                out.add(event("content_block_delta", obj("type", "content_block_delta", "index", index,
                        "delta", obj("type", "signature_delta", "signature", "fake-signature-" + index)), false));
            }
            out.add(event("content_block_stop", obj("type", "content_block_stop", "index", index), false));
            index++;
        }
        if (reply.streamErrorType != null) {
            out.add(event("error", obj("type", "error", "error", obj("type", reply.streamErrorType,
                    "message", reply.streamErrorMessage)), false));
            return out;
        }
        out.add(event("message_delta", obj("type", "message_delta", "delta", obj("stop_reason", stopReason(reply.stop()),
                "stop_sequence", null), "usage", obj("output_tokens", reply.output())), false));
        out.add(event("message_stop", obj("type", "message_stop"), false));
        return out;
    }

    @Override
    public Object errorBody(int status, String message) {
        return obj("type", "error", "error", obj("type", errorType(status), "message", message));
    }

    private Frame event(String name, Map<String, Object> data, boolean delta) {
        return Frame.event(name, json.write(data), delta);
    }

    private static String stopReason(String normalised) {
        return switch (normalised) {
            case "end" -> "end_turn";
            case "tool_calls" -> "tool_use";
            default -> normalised;
        };
    }

    static String errorType(int status) {
        return switch (status) {
            case 400 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 529, 503 -> "overloaded_error";
            default -> "api_error";
        };
    }
}
