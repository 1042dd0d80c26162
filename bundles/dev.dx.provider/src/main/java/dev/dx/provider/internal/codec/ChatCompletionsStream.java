package dev.dx.provider.internal.codec;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads a Chat Completions stream: {@code choices[0].delta} chunks, tool calls assembled by index and reported when
 * the choice finishes, usage from the last chunk, {@code [DONE]} at the end. Reasoning text of compatible servers
 * ({@code reasoning_content}, {@code reasoning}) counts as thinking.
 */
final class ChatCompletionsStream implements StreamDecoder {
    private final ObjectMapper mapper;
    private final TurnAccumulator turn;
    private final Map<Integer, Call> calls = new TreeMap<>();
    private boolean finished;
    private boolean done;

    /** A tool call being received. */
    private static final class Call {
        String id;
        String name;
        final StringBuilder arguments = new StringBuilder();
    }

    ChatCompletionsStream(ObjectMapper mapper, TurnAccumulator turn) {
        this.mapper = mapper;
        this.turn = turn;
    }

    @Override
    public void event(String name, String data) throws IOException {
        if (data.strip().equals("[DONE]")) {
            emitCalls();
            done = true;
            return;
        }
        JsonNode chunk = mapper.readTree(data);
        if (chunk.has("error")) {
            JsonNode err = chunk.path("error");
            String code = err.path("code").isTextual() ? err.path("code").asText() : err.path("type").asText(null);
            throw new StreamError(StreamError.statusOf(code), code, err.path("message").asText(null));
        }
        turn.model(chunk.path("model").asText(null));
        JsonNode usage = chunk.path("usage");
        if (usage.isObject()) {
            turn.inputTokens(usage.path("prompt_tokens").asLong());
            turn.outputTokens(usage.path("completion_tokens").asLong());
        }
        JsonNode choice = chunk.path("choices").path(0);
        if (choice.isMissingNode()) {
            return;
        }
        JsonNode delta = choice.path("delta");
        turn.thinking(delta.path("reasoning_content").asText(delta.path("reasoning").asText("")));
        turn.text(delta.path("content").asText(""));
        for (JsonNode tc : delta.path("tool_calls")) {
            Call c = calls.computeIfAbsent(tc.path("index").asInt(calls.size()), i -> new Call());
            if (tc.path("id").isTextual()) {
                c.id = tc.path("id").asText();
            }
            JsonNode fn = tc.path("function");
            if (fn.path("name").isTextual() && !fn.path("name").asText().isEmpty()) {
                c.name = fn.path("name").asText();
            }
            c.arguments.append(fn.path("arguments").asText(""));
        }
        JsonNode finish = choice.path("finish_reason");
        if (finish.isTextual()) {
            finished = true;
            turn.stopReason(normalise(finish.asText()));
            emitCalls();
        }
    }

    private void emitCalls() {
        for (Call c : calls.values()) {
            turn.toolCall(c.id == null ? "call_" + Integer.toHexString(System.identityHashCode(c)) : c.id, c.name,
                    c.arguments.toString());
        }
        calls.clear();
    }

    private static String normalise(String reason) {
        return switch (reason) {
            case "stop" -> "end";
            case "length" -> "max_tokens";
            case "tool_calls", "function_call" -> "tool_calls";
            default -> reason;
        };
    }

    /** {@code [DONE]}; a server that ends the body right after the finish reason (some local servers) counts too. */
    @Override
    public boolean complete() {
        return done || finished;
    }
}
