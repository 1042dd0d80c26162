package dev.dx.testsupport.await;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/** Waits for a condition with a deadline, checking every few milliseconds (never sleeps a fixed time). */
public final class Await {
    private Await() {
    }

    public static <T> T until(String what, long timeoutMs, Supplier<T> condition) {
        return until(what, timeoutMs, 5, condition);
    }

    /** As {@link #until(String, long, Supplier)}, checking every {@code pollMs} (for expensive conditions). */
    public static <T> T until(String what, long timeoutMs, long pollMs, Supplier<T> condition) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        RuntimeException last = null;
        while (true) {
            try {
                T v = condition.get();
                if (v != null && !Boolean.FALSE.equals(v)) {
                    return v;
                }
                last = null;
            } catch (RuntimeException e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                AssertionError e = new AssertionError("Timed out after " + timeoutMs + " ms waiting for " + what);
                if (last != null) {
                    e.initCause(last);
                }
                throw e;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(pollMs));
        }
    }
}
