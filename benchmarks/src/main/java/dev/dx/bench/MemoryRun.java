package dev.dx.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Whether the gateway's memory stays flat under sustained load: a closed-loop WebSocket load runs while the
 * gateway's RSS ({@code /proc}) and heap in use ({@code status}) are sampled at a fixed interval.
 */
final class MemoryRun {
    /** The tolerance of "flat": RSS at the end within this fraction of RSS after the warm-up. */
    static final double FLAT = 0.10;

    /** One sample, {@code seconds} after the warm-up. */
    record Sample(double seconds, long rssBytes, long heapUsedBytes) {
    }

    /** The samples and the load that ran meanwhile. */
    record Outcome(List<Sample> samples, Result load) {
        Sample first() {
            return samples.get(0);
        }

        Sample last() {
            return samples.get(samples.size() - 1);
        }

        double rssChange() {
            return (double) (last().rssBytes() - first().rssBytes()) / first().rssBytes();
        }

        boolean flat() {
            return Math.abs(rssChange()) <= FLAT;
        }
    }

    private MemoryRun() {
    }

    /**
     * Runs the load on already opened connections: warm-up, then {@code duration} with a sample every
     * {@code interval}, the first right after the warm-up and the last at the end.
     */
    static Outcome run(List<WsClient> connections, ServerProcess server, GatewayStatus status, Duration warmup,
            Duration duration, Duration interval) throws InterruptedException, IOException {
        int expected = (int) (duration.toNanos() / interval.toNanos()) + 1;
        List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
        List<Load.Worker> workers = connections.stream().map(Workers::closedLoop).toList();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-memory-sampler");
            t.setDaemon(true);
            return t;
        });
        try (Load load = new Load("memory", connections.size(), workers, connections, server,
                GatewayLoad.expectedSamples(duration, connections.size()))) {
            load.warmUp(warmup);
            long start = System.nanoTime();
            sampler.scheduleAtFixedRate(() -> {
                try {
                    samples.add(new Sample((System.nanoTime() - start) / 1e9, server.rssBytes(), status.heapUsedBytes()));
                    if (samples.size() >= expected) {
                        load.window().wake();
                    }
                } catch (IOException | RuntimeException e) {
                    load.window().fail(e);
                }
            }, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
            // Wakes after the last sample; the bound only matters if sampling stalls.
            load.window().await(duration.plus(interval).plus(interval));
            Result result = load.finish();
            if (samples.size() < expected) {
                throw new IOException("Only " + samples.size() + " of " + expected + " memory samples were taken in time");
            }
            synchronized (samples) {
                return new Outcome(List.copyOf(samples.subList(0, expected)), result);
            }
        } finally {
            sampler.shutdownNow();
            sampler.awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
