package dev.dx.agent.internal.run;

import static dev.dx.agent.internal.Messages.call;
import static dev.dx.agent.internal.Messages.msg;
import static dev.dx.agent.internal.Messages.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.dx.agent.internal.TestAgents;
import dev.dx.api.session.Message;
import dev.dx.api.session.Role;

class CompactorTest {
    private final List<Message> context = List.of(
            msg(1, Role.USER, "a".repeat(400)),
            msg(2, Role.ASSISTANT, "b".repeat(400)),
            msg(3, Role.USER, "c".repeat(400)),
            call(4, "x", "read"),
            result(5, "x", "read", "d".repeat(400)),
            msg(6, Role.ASSISTANT, "e".repeat(400)),
            msg(7, Role.USER, "f".repeat(40)),
            msg(8, Role.ASSISTANT, "g".repeat(40)));

    @Test
    void theCutFallsOnAUserTurnSoToolPairsStayTogether() {
        int cut = Compactor.cut(context, 60);
        assertEquals(6, cut, "keeps the last turn only");
        assertEquals(Role.USER, context.get(cut).role());
        int wider = Compactor.cut(context, 400);
        assertEquals(2, wider, "never between the tool call (3) and its result (4)");
        assertTrue(Compactor.cut(context, 1_000_000) > 0, "something is always summarised");
    }

    @Test
    void aSingleTurnCannotBeCompacted() {
        assertEquals(-1, Compactor.cut(List.of(msg(1, Role.USER, "x"), call(2, "a", "r"), result(3, "a", "r", "y")), 1));
    }

    @Test
    void thresholdFollowsTheBudget() {
        var agent = TestAgents.settings(Map.of("contextTokens", 10_000, "compactAtPercent", 80));
        assertTrue(Compactor.needed(agent, 8_001));
        assertTrue(!Compactor.needed(agent, 8_000));
    }
}
