package dev.dx.session.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.dx.api.session.Message;
import dev.dx.api.session.Role;
import dev.dx.api.session.ToolCall;

/** What a model is shown: results with their calls, duplicates and orphans left out. */
class TranscriptOrderTest {
    private static Message m(long seq, Role role, String callId) {
        ToolCall call = callId == null ? null : new ToolCall(callId, "t", null, false);
        return new Message("K", seq, role, null, call, List.of(), Instant.EPOCH, 1, null, Map.of());
    }

    private static List<Long> seqs(List<Message> ms) {
        return ms.stream().map(Message::seq).toList();
    }

    @Test
    void resultsJoinTheirCallsAndStrayOnesAreDropped() {
        List<Message> live = List.of(m(1, Role.USER, null), m(2, Role.TOOL_CALL, "a"), m(3, Role.TOOL_RESULT, "a"),
                m(4, Role.TOOL_CALL, "b"), m(5, Role.TOOL_CALL, "c"), m(6, Role.TOOL_RESULT, "c"),
                m(7, Role.USER, null), m(8, Role.TOOL_RESULT, "b"), m(9, Role.TOOL_RESULT, "a"),
                m(10, Role.TOOL_RESULT, "gone"), m(11, Role.ASSISTANT, null));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 8L, 7L, 11L), seqs(Transcript.forModel(live)));
        assertEquals(Map.of(), Transcript.unanswered(live));
        assertEquals(List.of("b"), List.copyOf(Transcript.unanswered(live.subList(0, 7)).keySet()));
    }
}
