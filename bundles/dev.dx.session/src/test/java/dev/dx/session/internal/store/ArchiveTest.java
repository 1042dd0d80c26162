package dev.dx.session.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dx.api.rpc.ErrorCode;
import dev.dx.api.rpc.RpcException;
import dev.dx.api.session.HistoryQuery;
import dev.dx.api.session.Message;
import dev.dx.api.session.NewMessage;
import dev.dx.api.session.Role;
import dev.dx.api.session.Session;
import dev.dx.api.session.SessionPatch;
import dev.dx.api.session.SessionQuery;
import dev.dx.api.session.SessionState;

/** Export to JSONL and import back: a faithful round trip, and a bad file stores nothing and names its line. */
class ArchiveTest {
    @TempDir
    Path dir;

    private SqliteSessionStore store;

    @BeforeEach
    void open() throws Exception {
        store = Stores.open(dir.resolve("dx.db"), null);
    }

    @AfterEach
    void close() {
        Stores.close(store);
    }

    private Session sample() {
        Session s = store.create("main", "agent:main:telegram:dm:7", Map.of("title", "Trip", "n", List.of(1, 2.5)));
        store.append(s.key(), List.of(NewMessage.system("be brief"), NewMessage.user("plan a trip ✈"),
                NewMessage.toolCall("c1", "search", Map.of("q", "trains", "max", 3)),
                NewMessage.toolResult("c1", "search", "3 trains", false),
                new NewMessage(Role.ASSISTANT, "Here", null, List.of(Map.of("type", "thinking", "text", "hm")), 12,
                        Map.of("runId", "r1"))));
        Message summary = store.append(s.key(), NewMessage.summary("asked for a trip"));
        store.markCompacted(s.key(), 4, summary.seq());
        return store.patch(s.key(), new SessionPatch(null, "anthropic/claude", 100L, 50L));
    }

    private String export(String key) {
        StringWriter out = new StringWriter();
        store.export(key, out);
        return out.toString();
    }

    @Test
    void exportThenImportGivesBackTheSameSession() {
        Session s = sample();
        List<Message> history = store.history(s.key(), HistoryQuery.all()).items();
        String jsonl = export(s.key());
        assertEquals(7, jsonl.split("\n").length, "a header line and six entries");
        assertTrue(jsonl.startsWith("{\"type\":\"session\",\"format\":1,\"key\":\"" + s.key() + "\""), jsonl);

        assertEquals(ErrorCode.CONFLICT,
                assertThrows(RpcException.class, () -> store.importJsonl(new StringReader(jsonl))).error());
        assertTrue(store.delete(s.key()));
        Session imported = store.importJsonl(new StringReader(jsonl));
        assertEquals(s, imported);
        assertEquals(s, store.get(s.key()).orElseThrow());
        assertEquals(history, store.history(s.key(), HistoryQuery.all()).items());
        assertEquals(jsonl, export(s.key()), "a second export is identical");
        assertEquals(List.of(6L, 5L), store.context(s.key()).stream().map(Message::seq).toList());
    }

    @Test
    void anImportWhoseRoutingKeyIsTakenArrivesArchived() {
        Session s = sample();
        String jsonl = export(s.key());
        store.delete(s.key());
        Session now = store.create("main", "agent:main:telegram:dm:7", null);
        Session imported = store.importJsonl(new StringReader(jsonl));
        assertEquals(SessionState.ARCHIVED, imported.state());
        assertEquals(now, store.byRoutingKey("agent:main:telegram:dm:7").orElseThrow());
    }

    @Test
    void aBadFileStoresNothingAndNamesTheLine() {
        Session s = sample();
        String good = export(s.key());
        store.delete(s.key());
        String[] lines = good.split("\n");
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("Line 3: not valid JSON", replace(lines, 2, "{\"type\":\"message\",\"seq\":2,"));
        cases.put("Line 4: 'seq' must be 3", replace(lines, 3, lines[3].replace("\"seq\":3", "\"seq\":4")));
        cases.put("Line 2: 'role' must be one of", replace(lines, 1, lines[1].replace("\"SYSTEM\"", "\"ROOT\"")));
        cases.put("Line 2: unknown field 'extra'", replace(lines, 1, lines[1].replace("{\"type\"", "{\"extra\":1,\"type\"")));
        cases.put("Line 4: TOOL_CALL entries need a 'toolCall'", replace(lines, 3,
                lines[3].substring(0, lines[3].indexOf("\"toolCall\":")) + "\"toolCall\":null,"
                        + lines[3].substring(lines[3].indexOf("\"parts\""))));
        cases.put("Line 1: the session line says 6 entries", String.join("\n", java.util.Arrays.copyOf(lines, 6)));
        cases.put("Line 1: 'key' must be a session key", replace(lines, 0, lines[0].replace(s.key(), "../../etc/passwd")));
        cases.put("Line 1: the first line must be the session line", String.join("\n",
                java.util.Arrays.copyOfRange(lines, 1, lines.length)));
        cases.put("Line 2: 'compactedBy' must name the seq of a summary", replace(lines, 1,
                lines[1].replace("\"compactedBy\":6", "\"compactedBy\":5")));
        cases.put("Line 1: the file is empty", "");
        cases.put("Line 2: 'createdAt' must be a time", replace(lines, 1,
                lines[1].replaceAll("\"createdAt\":\"[^\"]*\"", "\"createdAt\":\"yesterday\"")));
        for (var c : cases.entrySet()) {
            RpcException e = assertThrows(RpcException.class, () -> store.importJsonl(new StringReader(c.getValue())),
                    c.getKey());
            assertEquals(ErrorCode.INVALID_PARAMS, e.error(), c.getKey());
            assertTrue(e.getMessage().startsWith(c.getKey()), c.getKey() + " / " + e.getMessage());
            assertTrue(e.getMessage().endsWith("Nothing was imported"), e.getMessage());
        }
        assertEquals(0, store.list(SessionQuery.all()).items().size(), "nothing was stored");
        assertEquals(s.key(), store.importJsonl(new StringReader(good)).key(), "the good file still imports");
    }

    private static String replace(String[] lines, int index, String line) {
        String[] copy = lines.clone();
        copy[index] = line;
        return String.join("\n", copy);
    }
}
