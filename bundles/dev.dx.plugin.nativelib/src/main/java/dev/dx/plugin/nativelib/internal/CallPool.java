package dev.dx.plugin.nativelib.internal;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import dev.dx.api.plugin.Deadline;
import dev.dx.api.plugin.PluginException;
import dev.dx.util.concurrent.Handoff;

/**
 * The threads native calls run on, shared by all native plugins. At most {@code maxConcurrentCalls} calls run at
 * once. A call past its deadline cannot be stopped — a thread in native code ignores interruption — so its thread is
 * written off as stuck and its slot is given back; the pool has room for {@code maxStuckCalls} such threads, and once
 * that many exist new calls are refused until some return. Nothing ever waits on a stuck thread.
 */
final class CallPool {
    /** What the caller learns when a call missed its deadline. */
    static final class Missed extends Exception {
        private static final long serialVersionUID = 1L;

        Missed() {
            super(null, null, false, false);
        }
    }

    private static final int RUNNING = 0;
    private static final int DONE = 1;
    private static final int ABANDONED = 2;

    private final ThreadPoolExecutor exec;
    private final Semaphore slots;
    private final int maxStuck;
    private final AtomicInteger stuck = new AtomicInteger();
    private final AtomicInteger threads = new AtomicInteger();

    CallPool(Settings s) {
        this.slots = new Semaphore(s.maxConcurrentCalls(), true);
        this.maxStuck = s.maxStuckCalls();
        // admission is the semaphore's job: with room for every admitted call plus every stuck one, a queued call
        // always finds a free thread at once (one is started while fewer exist); idle threads end after 30 s
        int threadCap = s.maxConcurrentCalls() + s.maxStuckCalls();
        this.exec = new ThreadPoolExecutor(threadCap, threadCap, 30, TimeUnit.SECONDS, Handoff.queue(), r -> {
            Thread t = new Thread(r, "dx-native-call-" + threads.incrementAndGet());
            t.setDaemon(true); // a stuck one must not keep the JVM alive
            return t;
        });
        exec.allowCoreThreadTimeOut(true);
    }

    /** @return threads left in native code past their deadline, still running */
    int stuck() {
        return stuck.get();
    }

    /**
     * Runs {@code call} on a pool thread and waits for it until the deadline.
     *
     * @throws Missed when the deadline passed first; the call's thread is then stuck until the call returns
     */
    <T> T run(String what, Deadline deadline, Callable<T> call) throws Missed, ExecutionException {
        if (stuck.get() >= maxStuck) {
            throw new PluginException(PluginException.Code.UNAVAILABLE, stuck.get() + " native calls are stuck in "
                    + "plugin code past their deadline; native calls are refused until they return (restart the "
                    + "gateway to reclaim their threads)");
        }
        try {
            if (!slots.tryAcquire(Math.max(0, deadline.remaining().toNanos()), TimeUnit.NANOSECONDS)) {
                throw new PluginException(PluginException.Code.UNAVAILABLE, "all native call threads stayed busy "
                        + "until the deadline of " + what);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginException(PluginException.Code.UNAVAILABLE, what + " was cancelled by its caller");
        }
        AtomicInteger state = new AtomicInteger(RUNNING);
        Future<T> f;
        try {
            f = exec.submit(() -> {
                try {
                    return call.call();
                } finally {
                    if (!state.compareAndSet(RUNNING, DONE)) {
                        stuck.decrementAndGet(); // abandoned by its caller, now back from native code
                    }
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            slots.release();
            throw new PluginException(PluginException.Code.UNAVAILABLE, "the native runtime is stopping");
        }
        try {
            return Handoff.get(f, Math.max(0, deadline.remaining().toNanos()));
        } catch (TimeoutException e) {
            if (state.compareAndSet(RUNNING, ABANDONED)) {
                stuck.incrementAndGet();
                throw new Missed();
            }
            return finished(f); // returned just as the deadline passed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (state.compareAndSet(RUNNING, ABANDONED)) {
                stuck.incrementAndGet();
            }
            throw new PluginException(PluginException.Code.TIMEOUT, what + " was cancelled by its caller");
        } finally {
            slots.release();
        }
    }

    private static <T> T finished(Future<T> f) throws ExecutionException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginException(PluginException.Code.TIMEOUT, "cancelled by its caller");
        }
    }

    /** Lets idle threads end; stuck ones end when their native call returns. */
    void shutdown() {
        exec.shutdown();
    }

    boolean terminated() {
        return exec.isTerminated();
    }

    boolean awaitIdle(long millis) throws InterruptedException {
        return exec.awaitTermination(millis, TimeUnit.MILLISECONDS);
    }
}
