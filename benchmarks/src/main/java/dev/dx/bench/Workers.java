package dev.dx.bench;

import java.io.IOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/** The two ways a connection is loaded: closed loop (one call at a time) and pipelined (many in flight). */
final class Workers {
    private Workers() {
    }

    /** Sends one request, waits for its answer, sends the next: the latency of each call is its round trip. */
    static Load.Worker closedLoop(RoundTrip connection) {
        return (window, tally) -> {
            while (!window.stopped()) {
                boolean counted = window.measuring();
                long start = System.nanoTime();
                boolean ok = connection.health();
                long elapsed = System.nanoTime() - start;
                if (counted && window.measuring()) {
                    if (ok) {
                        tally.samples.add(elapsed);
                    } else {
                        tally.error(connection.lastError());
                    }
                }
            }
        };
    }

    /**
     * A writer and a reader thread on one WebSocket, keeping {@code depth} requests in flight; a call's latency runs
     * from its send to its answer, so it includes the wait behind the calls ahead of it.
     *
     * @return the writer (index 0) and the reader (index 1)
     */
    static Load.Worker[] pipelined(WsClient connection, int depth) {
        Pipe pipe = new Pipe(depth);
        Load.Worker writer = (window, tally) -> {
            long id = 0;
            while (!window.stopped()) {
                if (!pipe.permits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                if (window.stopped()) {
                    pipe.permits.release();
                    break;
                }
                id++;
                int slot = (int) (id & Pipe.MASK);
                if (pipe.sentAt.get(slot) != 0) {
                    throw new IOException("A request stayed unanswered while " + Pipe.SLOTS + " later ones were");
                }
                pipe.sentAt.set(slot, System.nanoTime());
                pipe.outstanding.incrementAndGet();
                connection.sendHealth(id);
            }
        };
        Load.Worker reader = (window, tally) -> {
            while (!(window.stopped() && pipe.outstanding.get() == 0)) {
                long id = connection.receive();
                long now = System.nanoTime();
                if (id < 0) {
                    throw new IOException("An answer without an id: " + connection.lastError());
                }
                int slot = (int) (id & Pipe.MASK);
                long sent = pipe.sentAt.getAndSet(slot, 0);
                pipe.outstanding.decrementAndGet();
                pipe.permits.release();
                if (sent == 0) {
                    throw new IOException("An answer to id " + id + ", which was not sent or was answered before");
                }
                if (window.measuring() && sent - window.measureStartNanos() >= 0) {
                    if (connection.lastWasError()) {
                        tally.error(connection.lastError());
                    } else {
                        tally.samples.add(now - sent);
                    }
                }
            }
        };
        return new Load.Worker[] {writer, reader};
    }

    /** What a pipelined connection's writer and reader share. */
    private static final class Pipe {
        static final int SLOTS = 1 << 16;
        static final long MASK = SLOTS - 1;
        final Semaphore permits;
        final AtomicLongArray sentAt = new AtomicLongArray(SLOTS);
        final AtomicInteger outstanding = new AtomicInteger();

        Pipe(int depth) {
            permits = new Semaphore(depth);
        }
    }
}
