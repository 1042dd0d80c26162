package dev.dx.agent.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.dx.api.session.Message;
import dev.dx.api.session.Role;
import dev.dx.api.session.ToolCall;

/** Builds transcript entries for tests. */
public final class Messages {
    private Messages() {
    }

    public static Message msg(long seq, Role role, String text) {
        return new Message("S", seq, role, text, null, List.of(), Instant.EPOCH, 0, null, Map.of());
    }

    public static Message call(long seq, String id, String name) {
        return new Message("S", seq, Role.TOOL_CALL, null, new ToolCall(id, name, Map.of("a", 1), false), List.of(),
                Instant.EPOCH, 0, null, Map.of());
    }

    public static Message result(long seq, String id, String name, String text) {
        return new Message("S", seq, Role.TOOL_RESULT, text, new ToolCall(id, name, null, false), List.of(),
                Instant.EPOCH, 0, null, Map.of());
    }
}
