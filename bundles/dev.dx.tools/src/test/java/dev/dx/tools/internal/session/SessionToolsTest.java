package dev.dx.tools.internal.session;

import static dev.dx.tools.internal.Calls.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.dx.api.session.SessionState;
import dev.dx.api.tool.ToolResult;
import dev.dx.testsupport.component.Inject;

class SessionToolsTest {
    static final String MINE = "01JA0000000000000000000001";
    static final String OLDER = "01JA0000000000000000000002";
    static final String THEIRS = "01JA0000000000000000000003";
    static final Path WS = Path.of("/nonexistent");

    MemorySessionStore store = new MemorySessionStore();
    SessionsListTool list = new SessionsListTool();
    SessionsHistoryTool history = new SessionsHistoryTool();

    @BeforeEach
    void setUp() {
        store.add(MINE, "main", 60, Instant.parse("2025-05-02T10:00:00Z"));
        store.add(OLDER, "main", 2, Instant.parse("2025-05-01T10:00:00Z"));
        store.add(THEIRS, "family", 5, Instant.parse("2025-05-03T10:00:00Z"));
        Inject.field(list, "store", store);
        Inject.field(history, "store", store);
    }

    @Test
    void listShowsTheCallersSessionsNewestFirstWithPaging() {
        ToolResult r = call(list, WS);
        assertFalse(r.error(), r.content());
        assertTrue(r.content().indexOf(MINE) < r.content().indexOf(OLDER), r.content());
        assertFalse(r.content().contains(THEIRS), "another agent's session is not listed");
        assertEquals("main", store.queries.get(0).agentId());
        assertEquals(SessionState.ACTIVE, store.queries.get(0).state());

        ToolResult first = call(list, WS, "limit", 1);
        assertTrue(first.content().contains("cursor=\"1\""), first.content());
        ToolResult second = call(list, WS, "limit", 1, "cursor", "1");
        assertTrue(second.content().contains(OLDER) && !second.content().contains("cursor="), second.content());
        assertTrue(call(list, WS, "state", "archived").content().contains("No archived sessions"));
        assertTrue(call(list, WS, "state", "deleted").error());
        assertTrue(call(list, WS, "agentId", "family").content().contains("Unknown argument"));
        assertTrue(call(list, WS, "limit", 1000).content().contains("between 1 and 100"));
    }

    @Test
    void historyShowsTheLatestEntriesAndPagesBack() {
        ToolResult r = call(history, WS, "sessionKey", MINE, "limit", 5);
        assertFalse(r.error(), r.content());
        assertTrue(r.content().contains("#56 assistant: message 56") && r.content().contains("#59 user: message 59"),
                r.content());
        assertTrue(r.content().contains("#57 tool_call read {path=a.txt}: message 57"), r.content());
        assertFalse(r.content().contains("#55 "), r.content());
        assertTrue(r.content().contains("beforeSeq=56"), r.content());
        ToolResult older = call(history, WS, "sessionKey", MINE, "limit", 5, "beforeSeq", 56);
        assertTrue(older.content().contains("#51 ") && older.content().contains("#55 ")
                && !older.content().contains("#56 "), older.content());
        ToolResult all = call(history, WS, "sessionKey", OLDER);
        assertTrue(all.content().contains("#1 user") && !all.content().contains("beforeSeq"), all.content());
    }

    @Test
    void historyRefusesBadKeysAndOtherAgentsSessions() {
        assertTrue(call(history, WS, "sessionKey", "../../etc/passwd").content().contains("not a session key"));
        assertTrue(call(history, WS, "sessionKey", THEIRS).content().contains("No session"));
        assertTrue(call(history, WS, "sessionKey", "01JA0000000000000000000009").content().contains("No session"));
        assertTrue(call(history, WS).content().contains("Missing argument 'sessionKey'"));
    }

    @Test
    void outputIsCapped() {
        String big = "01JA0000000000000000000004";
        store.add(big, "main", 200, Instant.now());
        store.transcripts.put(big, store.transcripts.get(big).stream().map(m -> new dev.dx.api.session.Message(
                m.sessionKey(), m.seq(), m.role(), "y".repeat(10_000), null, m.parts(), m.createdAt(), 1, null,
                m.meta())).toList());
        ToolResult r = call(history, WS, "sessionKey", big, "limit", 200);
        assertTrue(r.content().length() <= 31_000, "capped: " + r.content().length());
        assertTrue(r.content().contains("more characters]") && r.content().contains("beforeSeq="), r.content()
                .substring(0, 300));
        assertTrue(r.content().contains("#200 "));
    }
}
