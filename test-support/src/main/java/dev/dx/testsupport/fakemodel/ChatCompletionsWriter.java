package dev.dx.testsupport.fakemodel;

import static dev.dx.testsupport.fakemodel.Json.obj;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The OpenAI Chat Completions stream: {@code data:} chunks with {@code choices[0].delta}, a usage chunk when
 * {@code stream_options.include_usage} is set, then {@code data: [DONE]}. Thinking is written as
 * {@code reasoning_content}, as vLLM and DeepSeek-style servers do.
 */
final class ChatCompletionsWriter implements ProtocolWriter {
    private final Json json;

    ChatCompletionsWriter(Json json) {
        this.json = json;
    }

    @Override
    public List<Frame> frames(Reply reply, String model, Map<String, Object> request) {
        List<Frame> out = new ArrayList<>();
        out.add(chunk(model, obj("role", "assistant", "content", ""), null, false));
        int toolIndex = 0;
        for (Reply.Block b : reply.blocks) {
            switch (b.kind()) {
                case THINKING -> reply.pieces(b.text())
                        .forEach(p -> out.add(chunk(model, obj("reasoning_content", p), null, true)));
                case TEXT -> reply.pieces(b.text()).forEach(p -> out.add(chunk(model, obj("content", p), null, true)));
                case TOOL_CALL -> {
                    int index = toolIndex++;
                    out.add(chunk(model, obj("tool_calls", List.of(obj("index", index, "id", b.id(), "type", "function",
                            "function", obj("name", b.name(), "arguments", "")))), null, false));
                    for (String p : reply.pieces(b.text())) {
                        out.add(chunk(model, obj("tool_calls", List.of(obj("index", index,
                                "function", obj("arguments", p)))), null, true));
                    }
                }
                default -> throw new IllegalStateException(b.kind().name());
            }
        }
        if (reply.streamErrorType != null) {
            out.add(Frame.event(null, json.write(obj("error", obj("message", reply.streamErrorMessage,
                    "type", reply.streamErrorType, "param", null, "code", null))), false));
            return out;
        }
        out.add(chunk(model, obj(), finishReason(reply.stop()), false));
        if (request != null && request.get("stream_options") instanceof Map<?, ?> so
                && Boolean.TRUE.equals(so.get("include_usage"))) {
            out.add(Frame.event(null, json.write(obj("id", "chatcmpl-fake", "object", "chat.completion.chunk",
                    "created", 0, "model", model, "choices", List.of(), "usage", obj("prompt_tokens", reply.inputTokens,
                            "completion_tokens", reply.output(), "total_tokens", reply.inputTokens + reply.output()))),
                    false));
        }
        out.add(Frame.event(null, "[DONE]", false));
        return out;
    }

    @Override
    public Object errorBody(int status, String message) {
        return errorShape(status, message);
    }

    /** The OpenAI error object, shared by both OpenAI protocols. */
    static Map<String, Object> errorShape(int status, String message) {
        String type = switch (status) {
            case 400, 401, 404 -> "invalid_request_error";
            case 403 -> "permission_error";
            case 429 -> "requests";
            default -> "server_error";
        };
        String code = switch (status) {
            case 401 -> "invalid_api_key";
            case 404 -> "model_not_found";
            case 429 -> "rate_limit_exceeded";
            default -> null;
        };
        return obj("error", obj("message", message, "type", type, "param", null, "code", code));
    }

    private Frame chunk(String model, Map<String, Object> delta, String finish, boolean isDelta) {
        return Frame.event(null, json.write(obj("id", "chatcmpl-fake", "object", "chat.completion.chunk", "created", 0,
                "model", model, "choices", List.of(obj("index", 0, "delta", delta, "finish_reason", finish)))), isDelta);
    }

    private static String finishReason(String normalised) {
        return switch (normalised) {
            case "end" -> "stop";
            case "max_tokens" -> "length";
            default -> normalised;
        };
    }
}
