package dev.dx.session.internal.store;

import static dev.dx.session.internal.store.SessionStoreTest.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.event.Event;

import dev.dx.api.event.Topics;
import dev.dx.api.rpc.ErrorCode;
import dev.dx.api.session.HistoryQuery;
import dev.dx.api.session.Message;
import dev.dx.api.session.NewMessage;
import dev.dx.api.session.Page;
import dev.dx.api.session.Role;
import dev.dx.api.session.Session;
import dev.dx.util.id.Ulid;

/** Transcripts on a real SQLite file: appends, history pages, compaction, the model's context, concurrent writers. */
class TranscriptTest {
    @TempDir
    Path dir;

    private final RecordingEventAdmin events = new RecordingEventAdmin();
    private SqliteSessionStore store;
    private String key;

    @BeforeEach
    void open() throws Exception {
        store = Stores.open(dir.resolve("dx.db"), events);
        key = store.create("main", "agent:main:main", null).key();
    }

    @AfterEach
    void close() {
        Stores.close(store);
    }

    @Test
    void appendsAreNumberedFromOneAndBatchesAreContiguous() {
        Message first = store.append(key, NewMessage.user("hello there"));
        assertEquals(1, first.seq());
        assertEquals(Role.USER, first.role());
        assertEquals(3, first.tokens(), "estimated at about four characters per token");
        List<Message> batch = store.append(key, List.of(NewMessage.assistant("a"),
                new NewMessage(Role.USER, "b", null, List.of(Map.of("type", "image", "url", "x")), 7,
                        Map.of("channelMessageId", "m1"))));
        assertEquals(List.of(2L, 3L), batch.stream().map(Message::seq).toList());
        assertEquals(7, batch.get(1).tokens(), "a known count is kept");
        Session s = store.get(key).orElseThrow();
        assertEquals(3, s.lastSeq());
        assertEquals(3, s.messageCount());
        Message stored = store.history(key, HistoryQuery.all()).items().get(2);
        assertEquals(batch.get(1).parts(), stored.parts());
        assertEquals(Map.of("channelMessageId", "m1"), stored.meta());
        assertEquals(batch.get(1).createdAt(), stored.createdAt());
        Event last = events.events.get(events.events.size() - 1);
        assertEquals(Topics.SESSION_MESSAGES, last.getTopic());
        assertEquals(Map.of("key", key, "fromSeq", 2L, "toSeq", 3L, "count", 2L), last.getProperty(Topics.PAYLOAD));
        assertEquals(ErrorCode.INVALID_PARAMS, error(() -> store.append(key,
                new NewMessage(Role.USER, "x", null, List.of(), -1, Map.of()))));
        assertEquals(ErrorCode.INVALID_PARAMS, error(() -> store.append(key, NewMessage.toolCall("", "exec", Map.of()))));
        assertEquals(3, store.get(key).orElseThrow().lastSeq(), "a refused batch stores nothing");
    }

    @Test
    void historyPagesThroughEverythingInOrder() {
        List<NewMessage> batch = new ArrayList<>();
        for (int i = 1; i <= 250; i++) {
            batch.add(NewMessage.user("m" + i));
        }
        store.append(key, batch);
        List<Message> all = new ArrayList<>();
        long after = 0;
        int pages = 0;
        while (true) {
            Page<Message> page = store.history(key, new HistoryQuery(after, 100, true));
            all.addAll(page.items());
            pages++;
            if (page.nextCursor() == null) {
                break;
            }
            after = Long.parseLong(page.nextCursor());
        }
        assertEquals(3, pages);
        assertEquals(250, all.size());
        for (int i = 0; i < 250; i++) {
            assertEquals(i + 1, all.get(i).seq());
            assertEquals("m" + (i + 1), all.get(i).text());
        }
        assertNull(store.history(key, new HistoryQuery(200, 50, true)).nextCursor(), "an exact last page ends");
        assertEquals(0, store.history(key, new HistoryQuery(250, 10, true)).items().size());
        assertEquals(ErrorCode.INVALID_PARAMS, error(() -> store.history(key, new HistoryQuery(0, 0, true))));
        assertEquals(ErrorCode.INVALID_PARAMS, error(() -> store.history(key, new HistoryQuery(-1, 10, true))));
        assertEquals(ErrorCode.NOT_FOUND, error(() -> store.history(new Ulid().next(), HistoryQuery.all())));
    }

    @Test
    void aSummaryStandsInForWhatItReplaced() {
        for (int i = 1; i <= 10; i++) {
            store.append(key, i % 2 == 1 ? NewMessage.user("u" + i) : NewMessage.assistant("a" + i));
        }
        Message summary = store.append(key, NewMessage.summary("the first eight"));
        assertEquals(11, summary.seq());
        store.markCompacted(key, 8, 11);

        List<Message> context = store.context(key);
        assertEquals(List.of(11L, 9L, 10L), context.stream().map(Message::seq).toList(), "summary first, then 9 and 10");
        List<Message> live = store.history(key, new HistoryQuery(0, 100, false)).items();
        assertEquals(List.of(9L, 10L, 11L), live.stream().map(Message::seq).toList());
        List<Message> all = store.history(key, HistoryQuery.all()).items();
        assertEquals(11, all.size(), "originals stay readable");
        assertEquals(11L, all.get(0).compactedBy());
        assertNull(all.get(8).compactedBy());

        // a later summary can replace an earlier one
        store.append(key, NewMessage.user("u12"));
        Message second = store.append(key, NewMessage.summary("everything up to twelve"));
        store.markCompacted(key, 12, second.seq());
        assertEquals(List.of(13L), store.context(key).stream().map(Message::seq).toList());
        assertEquals(13L, store.history(key, HistoryQuery.all()).items().get(10).compactedBy());

        assertEquals(ErrorCode.INVALID_PARAMS, error(() -> store.markCompacted(key, 5, 12)), "12 is no summary");
        assertEquals(ErrorCode.INVALID_PARAMS, error(() -> store.markCompacted(key, 99, 13)));
        assertEquals(ErrorCode.INVALID_PARAMS, error(() -> store.markCompacted(key, 5, 11)), "11 was replaced");
    }

    @Test
    void aToolCallLeftOpenByACrashGetsAStoredInterruptedResult() {
        store.append(key, NewMessage.user("list files"));
        store.append(key, List.of(NewMessage.toolCall("c1", "exec", Map.of("cmd", "ls")),
                NewMessage.toolCall("c2", "read", Map.of("path", "a"))));
        store.append(key, NewMessage.toolResult("c1", "exec", "a b", false));
        // the gateway died while c2 ran; after the restart the user writes again
        store.append(key, NewMessage.user("hello?"));
        events.events.clear();

        List<Message> context = store.context(key);
        assertEquals(List.of(Role.USER, Role.TOOL_CALL, Role.TOOL_CALL, Role.TOOL_RESULT, Role.TOOL_RESULT, Role.USER),
                context.stream().map(Message::role).toList(), "the repair sits with its call, before the new message");
        Message repair = context.get(4);
        assertEquals("c2", repair.toolCall().id());
        assertEquals("read", repair.toolCall().name());
        assertTrue(repair.toolCall().error());
        assertEquals(Transcript.INTERRUPTED, repair.text());
        assertEquals(Map.of("synthetic", true), repair.meta());
        assertEquals(6, repair.seq(), "stored, after everything that was there");

        Message stored = store.history(key, HistoryQuery.all()).items().get(5);
        assertEquals(repair, stored);
        assertEquals(List.of(Topics.SESSION_MESSAGES), events.topics());
        assertEquals(context, store.context(key), "repaired once only");
        assertEquals(6, store.get(key).orElseThrow().lastSeq());
    }

    @Test
    void fiftyConcurrentWritersGetOneTotalOrder() throws Exception {
        int writers = 50;
        int each = 20;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<Long>>> results = new ArrayList<>();
        try {
            for (int w = 0; w < writers; w++) {
                int writer = w;
                results.add(pool.submit(() -> {
                    start.await();
                    List<Long> seqs = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        Map<String, Object> meta = Map.of("writer", writer, "i", i);
                        seqs.add(store.append(key, new NewMessage(Role.USER, "w" + writer + "-" + i, null, List.of(),
                                0, meta)).seq());
                    }
                    return seqs;
                }));
            }
            start.countDown();
            for (Future<List<Long>> f : results) {
                List<Long> seqs = f.get(120, TimeUnit.SECONDS);
                for (int i = 1; i < seqs.size(); i++) {
                    assertTrue(seqs.get(i) > seqs.get(i - 1), "a writer's appends are acknowledged in its order");
                }
            }
        } finally {
            pool.shutdownNow();
        }
        List<Message> all = store.history(key, new HistoryQuery(0, 10_000, true)).items();
        assertEquals(writers * each, all.size());
        Map<Integer, Integer> nextOf = new HashMap<>();
        for (int i = 0; i < all.size(); i++) {
            Message m = all.get(i);
            assertEquals(i + 1, m.seq(), "1..n without gaps or duplicates");
            int writer = ((Number) m.meta().get("writer")).intValue();
            int n = ((Number) m.meta().get("i")).intValue();
            assertEquals(nextOf.getOrDefault(writer, 0), n, "writer " + writer + " in its own order");
            assertEquals("w" + writer + "-" + n, m.text());
            nextOf.put(writer, n + 1);
        }
        assertEquals(writers * each, store.get(key).orElseThrow().lastSeq());
        List<Long> eventSeqs = new ArrayList<>();
        for (Event e : events.events) {
            if (e.getTopic().equals(Topics.SESSION_MESSAGES)) {
                eventSeqs.add((Long) ((Map<?, ?>) e.getProperty(Topics.PAYLOAD)).get("toSeq"));
            }
        }
        for (int i = 0; i < eventSeqs.size(); i++) {
            assertEquals(i + 1L, eventSeqs.get(i), "events leave in commit order");
        }
    }

    @Test
    void returnedEntriesCannotChangeTheCache() {
        store.append(key, NewMessage.user("x"));
        Session s = store.get(key).orElseThrow();
        assertThrows(UnsupportedOperationException.class, () -> s.metadata().put("k", "v"));
    }
}
