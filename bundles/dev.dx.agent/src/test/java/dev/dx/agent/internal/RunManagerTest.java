package dev.dx.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dx.api.session.Message;
import dev.dx.api.session.Role;
import dev.dx.api.session.Session;

/** Runs through the real store: what is acknowledged is durable, one key makes one run, nothing waits forever. */
class RunManagerTest {
    @TempDir
    Path dir;
    private AgentRuntime rt;
    private Session session;

    @BeforeEach
    void open() throws Exception {
        rt = new AgentRuntime(dir);
        session = rt.store.getOrCreate("main", "agent:main:test");
    }

    @AfterEach
    void close() throws Exception {
        rt.close();
    }

    private List<String> transcript() {
        List<String> out = new ArrayList<>();
        for (Message m : rt.history(session.key())) {
            out.add(m.role() + ":" + m.text() + (m.meta().containsKey("unanswered") ? " (unanswered)" : ""));
        }
        return out;
    }

    /** Submits from {@code threads} threads released at once; returns the distinct runs. */
    private Set<Run> concurrently(int threads, IntFunction<String> key) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Run>> sent = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int n = i;
            sent.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return rt.runs.submit(session, "hello " + key.apply(n), key.apply(n));
            }));
        }
        go.countDown();
        Set<Run> runs = new HashSet<>();
        for (CompletableFuture<Run> f : sent) {
            runs.add(f.get(10, TimeUnit.SECONDS));
        }
        return runs;
    }

    @Test
    void concurrentSendsWithOneIdempotencyKeyMakeOneRun() throws Exception {
        Set<Run> runs = concurrently(8, n -> "same-key");
        assertEquals(1, runs.size(), "one run for one key");
        assertEquals(List.of("USER:hello same-key"), transcript(), "and one message");
        rt.answer("hi");
        assertEquals(Run.Status.OK, runs.iterator().next().done().get(10, TimeUnit.SECONDS).status());
    }

    @Test
    void concurrentSendsWithDistinctKeysMakeARunEach() throws Exception {
        Set<Run> runs = concurrently(4, n -> "key-" + n);
        assertEquals(4, runs.size());
        for (int i = 0; i < 4; i++) {
            rt.answer("answer " + i);
        }
        for (Run r : runs) {
            assertEquals(Run.Status.OK, r.done().get(10, TimeUnit.SECONDS).status());
        }
        assertEquals(8, transcript().size(), "four questions, four answers");
    }

    @Test
    void aFollowUpIsDurableAtOnceAndTakesItsPlaceAfterTheRunningTurn() throws Exception {
        Run first = rt.runs.submit(session, "first", null);
        assertEquals(List.of("USER:first"), transcript(), "stored before submit returned");
        Run second = rt.runs.submit(session, "second", null);
        assertNotSame(first, second);
        assertEquals(List.of("second"), rt.followUps.all().stream().map(FollowUps.Pending::message).toList(),
                "the follow-up is on disk while it waits");
        assertEquals(List.of("USER:first"), transcript(), "and not inside the running turn");
        rt.answer("one");
        rt.answer("two");
        assertEquals("two", second.done().get(10, TimeUnit.SECONDS).summary().get("text"));
        assertEquals(List.of("USER:first", "ASSISTANT:one", "USER:second", "ASSISTANT:two"), transcript());
        assertTrue(rt.followUps.all().isEmpty());
    }

    @Test
    void anAbortedFollowUpEndsAtOnceAndItsMessageStays() throws Exception {
        Run first = rt.runs.submit(session, "first", null);
        Run second = rt.runs.submit(session, "second", null);
        assertTrue(rt.runs.abort(second.id()));
        assertTrue(second.done().isDone(), "no waiting for the run ahead of it");
        assertEquals(Run.Status.ABORTED, second.status());
        assertFalse(rt.runs.abort(second.id()), "aborting twice does nothing");
        rt.answer("one");
        assertEquals(Run.Status.OK, first.done().get(10, TimeUnit.SECONDS).status());
        AgentRuntime.await("the aborted message in the transcript", () -> transcript().size() == 3);
        assertEquals(List.of("USER:first", "ASSISTANT:one", "USER:second (unanswered)"), transcript());
        assertTrue(rt.followUps.all().isEmpty());
    }

    @Test
    void stoppingEndsQueuedRunsAndKeepsTheirMessages() throws Exception {
        Run first = rt.runs.submit(session, "first", null);
        Run second = rt.runs.submit(session, "second", null);
        AgentRuntime.await("the first model call", () -> !rt.calls.isEmpty());
        rt.runs.deactivate();
        assertEquals(Run.Status.ABORTED, second.done().get(10, TimeUnit.SECONDS).status(), "agent.wait returns");
        assertEquals(Run.Status.ABORTED, first.done().get(10, TimeUnit.SECONDS).status());
        assertEquals(List.of("USER:first", "USER:second (unanswered)"), transcript());
        assertTrue(rt.followUps.all().isEmpty());
        rt.runs = rt.start();
    }

    @Test
    void aFollowUpLeftByACrashLandsInTheTranscriptOnStart() throws Exception {
        Run first = rt.runs.submit(session, "first", null);
        Run second = rt.runs.submit(session, "second", null);
        // a crash: the follow-up row stays, nothing writes it into the transcript
        rt.followUps.add(new Run("run_crashed", session.key(), session.routingKey(), "main", "lost?"));
        rt.answer("one");
        rt.answer("two");
        second.done().get(10, TimeUnit.SECONDS);
        assertSame(Run.Status.OK, first.status());
        RunManager restarted = rt.start();
        assertTrue(transcript().contains("USER:lost? (unanswered)"), transcript().toString());
        assertTrue(rt.followUps.all().isEmpty());
        restarted.deactivate();
    }

    @Test
    void compactionWaitsForTheRunningTurn() throws Exception {
        Run first = rt.runs.submit(session, "first", null);
        List<String> order = new ArrayList<>();
        CompletableFuture<Boolean> compacted = rt.runs.exclusive(session.key(), () -> {
            synchronized (order) {
                order.add("exclusive, run " + first.status());
            }
            return true;
        });
        assertFalse(compacted.isDone(), "the turn holds the session");
        rt.answer("one");
        assertTrue(compacted.get(10, TimeUnit.SECONDS));
        assertEquals(List.of("exclusive, run OK"), order);
        Session other = rt.store.getOrCreate("main", "agent:main:idle");
        assertTrue(rt.runs.exclusive(other.key(), () -> true).get(10, TimeUnit.SECONDS), "an idle session at once");
        assertEquals(Role.USER, rt.history(session.key()).get(0).role());
    }
}
