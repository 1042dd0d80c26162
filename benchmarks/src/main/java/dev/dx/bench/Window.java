package dev.dx.bench;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The phases a run's threads share: warming up, measuring, stopped. A call counts only if it began and ended while
 * measuring. The first failure of any thread stops the run and wakes whoever waits on it.
 */
final class Window {
    private static final int WARMING = 0;
    private static final int MEASURING = 1;
    private static final int STOPPED = 2;

    private volatile int phase = WARMING;
    private volatile long measureStartNanos;
    private volatile long measureEndNanos;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final CountDownLatch wake = new CountDownLatch(1);

    boolean measuring() {
        return phase == MEASURING;
    }

    boolean stopped() {
        return phase == STOPPED;
    }

    /** @return when measuring began, in {@link System#nanoTime()} terms */
    long measureStartNanos() {
        return measureStartNanos;
    }

    void startMeasuring() {
        measureStartNanos = System.nanoTime();
        phase = MEASURING;
    }

    void stop() {
        if (phase != STOPPED) {
            measureEndNanos = System.nanoTime();
            phase = STOPPED;
        }
    }

    /** @return the measured period in seconds (up to now if still measuring) */
    double measuredSeconds() {
        long end = phase == STOPPED ? measureEndNanos : System.nanoTime();
        return measureStartNanos == 0 ? 0 : (end - measureStartNanos) / 1e9;
    }

    /** Records a thread's failure (the first one wins) and stops the run. */
    void fail(Throwable t) {
        if (failure.compareAndSet(null, t)) {
            stop();
            wake.countDown();
        }
    }

    /** Ends the current {@link #await} early (and every later one): the run has what it needs. */
    void wake() {
        wake.countDown();
    }

    /**
     * Lets the run go on for {@code d}, returning early on a failure or a {@link #wake()}.
     *
     * @throws LoadFailed if a thread failed
     */
    void await(Duration d) throws InterruptedException {
        wake.await(d.toNanos(), TimeUnit.NANOSECONDS);
        Throwable t = failure.get();
        if (t != null) {
            throw new LoadFailed(t);
        }
    }

    Throwable failure() {
        return failure.get();
    }

    /** A load thread failed; the run's figures are not valid. */
    static final class LoadFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LoadFailed(Throwable cause) {
            super(cause.getMessage() == null ? cause.toString() : cause.getMessage(), cause);
        }
    }
}
