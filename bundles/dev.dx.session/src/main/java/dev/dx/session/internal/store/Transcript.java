package dev.dx.session.internal.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.dx.api.session.Message;
import dev.dx.api.session.Role;
import dev.dx.api.session.ToolCall;

/** Pairs tool calls with their results in what a model is shown. */
final class Transcript {
    /** Text of the result stored for a tool call that a crash left without one. */
    static final String INTERRUPTED = "interrupted: the gateway stopped before this tool finished";

    private Transcript() {
    }

    /** @return the calls among {@code live} that have no result there, by call id, in transcript order */
    static Map<String, ToolCall> unanswered(List<Message> live) {
        Map<String, ToolCall> open = new LinkedHashMap<>();
        for (Message m : live) {
            if (m.role() == Role.TOOL_CALL) {
                open.putIfAbsent(m.toolCall().id(), m.toolCall());
            }
        }
        for (Message m : live) {
            if (m.role() == Role.TOOL_RESULT) {
                open.remove(m.toolCall().id());
            }
        }
        return open;
    }

    /**
     * Orders entries for a model: every result goes into the run of tool entries that holds its call (a result
     * stored later, such as a repair after a crash, moves up there). A second result for the same call, and a result
     * whose call a summary replaced, are left out: model APIs refuse a result without its call.
     */
    static List<Message> forModel(List<Message> live) {
        Map<String, Message> firstResult = new HashMap<>();
        Set<String> calls = new HashSet<>();
        for (Message m : live) {
            if (m.role() == Role.TOOL_CALL) {
                calls.add(m.toolCall().id());
            } else if (m.role() == Role.TOOL_RESULT) {
                firstResult.putIfAbsent(m.toolCall().id(), m);
            }
        }
        List<Message> out = new ArrayList<>(live.size());
        Set<String> answered = new HashSet<>();
        Set<Long> placed = new HashSet<>();
        int i = 0;
        while (i < live.size()) {
            if (!isTool(live.get(i))) {
                out.add(live.get(i++));
                continue;
            }
            List<String> block = new ArrayList<>();
            for (; i < live.size() && isTool(live.get(i)); i++) {
                Message m = live.get(i);
                if (m.role() == Role.TOOL_CALL) {
                    out.add(m);
                    block.add(m.toolCall().id());
                } else if (calls.contains(m.toolCall().id()) && !placed.contains(m.seq())
                        && answered.add(m.toolCall().id())) {
                    out.add(m);
                    placed.add(m.seq());
                }
            }
            for (String id : block) {
                Message result = firstResult.get(id);
                if (result != null && !placed.contains(result.seq()) && answered.add(id)) {
                    out.add(result);
                    placed.add(result.seq());
                }
            }
        }
        return out;
    }

    private static boolean isTool(Message m) {
        return m.role() == Role.TOOL_CALL || m.role() == Role.TOOL_RESULT;
    }
}
