package dev.dx.util.concurrent;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Hand-offs between a caller and a worker thread that stay runnable for a moment before parking. Waking a thread
 * that parked costs 50–200 µs on a small virtual machine — far more than a whole plugin call — and a call hands
 * off twice (to the worker and back). So the caller waits for a quick answer, and one idle worker for the next
 * task, polling for at most {@link #SPIN_NANOS} before they park. They poll with {@link Thread#yield()}, not a busy
 * spin: when the scheduler has put both threads on one CPU, a busy spinner would keep the other from running until
 * its time ran out. On a single CPU nothing polls.
 */
public final class Handoff {
    /** How long each side polls before parking. */
    public static final long SPIN_NANOS = Runtime.getRuntime().availableProcessors() > 1
            ? TimeUnit.MICROSECONDS.toNanos(100) : 0;

    private Handoff() {
    }

    /** {@link Future#get(long, TimeUnit)}, polling first while the answer may come at once. */
    public static <T> T get(Future<T> f, long timeoutNanos)
            throws InterruptedException, ExecutionException, TimeoutException {
        long start = System.nanoTime();
        long spin = Math.min(SPIN_NANOS, timeoutNanos);
        while (!f.isDone() && System.nanoTime() - start < spin) {
            Thread.yield();
        }
        return f.get(Math.max(0, timeoutNanos - (System.nanoTime() - start)), TimeUnit.NANOSECONDS);
    }

    /** @return an unbounded work queue for a pool one of whose idle threads polls for a moment before parking */
    public static <E> BlockingQueue<E> queue() {
        return new SpinningQueue<>(Integer.MAX_VALUE);
    }

    /** @return the same, holding at most {@code capacity} elements */
    public static <E> BlockingQueue<E> queue(int capacity) {
        return new SpinningQueue<>(capacity);
    }

    private static final class SpinningQueue<E> extends LinkedBlockingQueue<E> {
        private static final long serialVersionUID = 1L;
        /** One idle thread polls, the others park: a pool's idle threads must not take turns burning the CPUs. */
        private final transient AtomicBoolean polling = new AtomicBoolean();

        SpinningQueue(int capacity) {
            super(capacity);
        }

        @Override
        public E take() throws InterruptedException {
            E e = spinPoll(SPIN_NANOS);
            return e != null ? e : super.take();
        }

        @Override
        public E poll(long timeout, TimeUnit unit) throws InterruptedException {
            long start = System.nanoTime();
            long nanos = unit.toNanos(timeout);
            E e = spinPoll(Math.min(SPIN_NANOS, nanos));
            return e != null ? e : super.poll(Math.max(0, nanos - (System.nanoTime() - start)), TimeUnit.NANOSECONDS);
        }

        /** Polls without locking (an empty queue is a read of its count) until an element comes or time is up. */
        private E spinPoll(long nanos) throws InterruptedException {
            if (Thread.interrupted()) {
                throw new InterruptedException(); // as a parked take would: the pool is stopping its idle threads
            }
            E e = poll();
            if (e != null || nanos <= 0 || !polling.compareAndSet(false, true)) {
                return e;
            }
            try {
                long start = System.nanoTime();
                do {
                    Thread.yield();
                    if ((e = poll()) != null) {
                        return e;
                    }
                    if (Thread.interrupted()) {
                        throw new InterruptedException();
                    }
                } while (System.nanoTime() - start < nanos);
                return null;
            } finally {
                polling.set(false);
            }
        }
    }
}
