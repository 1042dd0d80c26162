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
        int cut = Compactor.cut(context, 60, false);
        assertEquals(6, cut, "keeps the last turn only");
        assertEquals(Role.USER, context.get(cut).role());
        int wider = Compactor.cut(context, 400, false);
        assertEquals(2, wider, "never between the tool call (3) and its result (4)");
        assertTrue(Compactor.cut(context, 1_000_000, false) > 0, "something is always summarised");
        assertEquals(6, Compactor.cut(context, 60, true), "the last turn has no tool round to cut at");
    }

    @Test
    void aSingleTurnWithOneToolRoundCannotBeCompacted() {
        List<Message> one = List.of(msg(1, Role.USER, "x"), call(2, "a", "r"), result(3, "a", "r", "y"));
        assertEquals(-1, Compactor.cut(one, 1, true));
        assertEquals(-1, Compactor.cut(one, 1, false));
    }

    @Test
    void aLongToolLoopIsCutBetweenRoundsInsideTheRunningTurn() {
        List<Message> loop = List.of(
                msg(1, Role.USER, "read all the logs"),
                call(2, "a", "read"),
                result(3, "a", "read", "x".repeat(800)),
                msg(4, Role.ASSISTANT, "next one"),
                call(5, "b", "read"),
                call(6, "c", "read"),
                result(7, "b", "read", "y".repeat(800)),
                result(8, "c", "read", "z".repeat(800)),
                call(9, "d", "read"),
                result(10, "d", "read", "w".repeat(40)));
        assertEquals(-1, Compactor.cut(loop, 100, false), "between turns only: nothing to cut");
        assertEquals(8, Compactor.cut(loop, 100, true), "the last round stays");
        assertEquals(3, Compactor.cut(loop, 1_000, true), "as many rounds as fit stay");
        for (int keep : new int[] {1, 100, 300, 450, 1_000, 100_000}) {
            int cut = Compactor.cut(loop, keep, true);
            assertTrue(cut > 0 && loop.get(cut - 1).role() == Role.TOOL_RESULT
                    && loop.get(cut).role() != Role.TOOL_RESULT, "a round boundary for " + keep + ": " + cut);
        }
    }

    @Test
    void inTurnCutsNeverReachBackBeforeTheLastUserMessageExceptAtUserMessages() {
        assertEquals(2, Compactor.cut(context, 400, true), "earlier turns still cut at their user message");
    }

    @Test
    void thresholdFollowsTheBudget() {
        var agent = TestAgents.settings(Map.of("contextTokens", 10_000, "compactAtPercent", 80));
        assertTrue(Compactor.needed(agent, 8_001));
        assertTrue(!Compactor.needed(agent, 8_000));
    }
}
