package dev.dx.util.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.junit.jupiter.api.Test;

class HandoffTest {
    @Test
    void getAnswersQuickAndSlowResultsAndFailures() throws Exception {
        assertEquals("now", Handoff.get(CompletableFuture.completedFuture("now"), TimeUnit.SECONDS.toNanos(1)));
        CompletableFuture<String> later = new CompletableFuture<>();
        CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS).execute(() -> later.complete("later"));
        assertEquals("later", Handoff.get(later, TimeUnit.SECONDS.toNanos(10)), "past the spin, parked and woken");
        CompletableFuture<String> failed = CompletableFuture.failedFuture(new IllegalStateException("boom"));
        assertEquals("boom", assertThrows(ExecutionException.class,
                () -> Handoff.get(failed, TimeUnit.SECONDS.toNanos(1))).getCause().getMessage());
    }

    @Test
    void getKeepsItsTimeout() {
        long start = System.nanoTime();
        assertThrows(TimeoutException.class, () -> Handoff.get(new CompletableFuture<>(),
                TimeUnit.MILLISECONDS.toNanos(30)));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(30));
        assertThrows(TimeoutException.class, () -> Handoff.get(new CompletableFuture<>(), 0));
    }

    @Test
    void aPoolOnTheQueueRunsTasksInOrderAndStopsItsIdleThreads() throws Exception {
        BlockingQueue<Runnable> q = Handoff.queue();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 50, TimeUnit.MILLISECONDS, q);
        pool.allowCoreThreadTimeOut(true);
        List<Integer> seen = new ArrayList<>();
        List<Future<?>> fs = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            int n = i;
            fs.add(pool.submit(() -> seen.add(n)));
        }
        for (Future<?> f : fs) {
            Handoff.get(f, TimeUnit.SECONDS.toNanos(10));
        }
        assertEquals(1000, seen.size());
        for (int i = 0; i < 1000; i++) {
            assertEquals(i, seen.get(i));
        }
        // an idle thread times out as it would on a plain queue
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (pool.getPoolSize() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(0, pool.getPoolSize(), "the idle thread ended after its keep-alive");
        // and one spinning or parked for the next task stops at shutdown
        CountDownLatch ran = new CountDownLatch(1);
        pool.execute(ran::countDown);
        assertTrue(ran.await(10, TimeUnit.SECONDS));
        pool.shutdown();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    }

    @Test
    void aPoolOfSeveralThreadsRunsEveryTaskOnce() throws Exception {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(4, 4, 1, TimeUnit.SECONDS, Handoff.queue());
        AtomicIntegerArray runs = new AtomicIntegerArray(20_000);
        Thread[] producers = new Thread[2];
        for (int p = 0; p < producers.length; p++) {
            int first = p * 10_000;
            producers[p] = new Thread(() -> {
                for (int i = first; i < first + 10_000; i++) {
                    int n = i;
                    pool.execute(() -> runs.incrementAndGet(n));
                }
            });
            producers[p].start();
        }
        for (Thread t : producers) {
            t.join();
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        for (int i = 0; i < runs.length(); i++) {
            assertEquals(1, runs.get(i), "task " + i);
        }
    }

    @Test
    void anInterruptedTakerStopsWaiting() throws Exception {
        BlockingQueue<String> q = Handoff.queue();
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, q::take);
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> q.poll(1, TimeUnit.SECONDS));
        q.add("x");
        assertEquals("x", q.take());
        assertEquals(null, q.poll(1, TimeUnit.MILLISECONDS));
    }
}
