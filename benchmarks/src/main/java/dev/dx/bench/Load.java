package dev.dx.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Load threads over their connections, run through one {@link Window}: warm up, measure, then stop and add up. */
final class Load implements AutoCloseable {
    /** What one load thread does until the window stops. */
    interface Worker {
        void run(Window window, Tally tally) throws IOException, InterruptedException;
    }

    private final String scenario;
    private final int connections;
    private final List<? extends RoundTrip> resources;
    private final ServerProcess server;
    private final ServerProcess client = ServerProcess.self();
    private final Window window = new Window();
    private final List<Thread> threads = new ArrayList<>();
    private final List<Tally> tallies = new ArrayList<>();
    private long serverCpuStart;
    private long clientCpuStart;
    private long machineCpuStart;

    /**
     * Starts one thread per worker, warming up at once.
     *
     * @param resources the connections the workers use, cut if a thread is stuck in a read after the stop
     * @param server    the gateway process for its CPU time, or {@code null}
     */
    Load(String scenario, int connections, List<Worker> workers, List<? extends RoundTrip> resources,
            ServerProcess server, int expectedSamplesPerThread) {
        this.scenario = scenario;
        this.connections = connections;
        this.resources = resources;
        this.server = server;
        for (int i = 0; i < workers.size(); i++) {
            Worker w = workers.get(i);
            Tally t = new Tally(expectedSamplesPerThread);
            tallies.add(t);
            Thread th = new Thread(() -> {
                try {
                    w.run(window, t);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    window.fail(e);
                } catch (IOException | RuntimeException e) {
                    // After the stop, a cut connection is how a stuck reader is released, not a failure.
                    if (!window.stopped()) {
                        window.fail(e);
                    }
                }
            }, "bench-" + scenario + "-" + i);
            th.setDaemon(true);
            threads.add(th);
        }
        threads.forEach(Thread::start);
    }

    Window window() {
        return window;
    }

    /** Runs the warm-up for {@code d}, then starts measuring. */
    void warmUp(Duration d) throws InterruptedException {
        window.await(d);
        serverCpuStart = server == null ? -1 : server.cpuNanos();
        clientCpuStart = client.cpuNanos();
        machineCpuStart = ServerProcess.machineCpuNanos();
        window.startMeasuring();
    }

    /** Measures for {@code d}, stops the threads and adds up what they measured. */
    Result measure(Duration d) throws InterruptedException {
        window.await(d);
        return finish();
    }

    /** Stops the threads now and adds up what they measured. */
    Result finish() throws InterruptedException {
        window.stop();
        long serverCpuEnd = server == null ? -1 : server.cpuNanos();
        long clientCpuEnd = client.cpuNanos();
        long machineCpuEnd = ServerProcess.machineCpuNanos();
        double seconds = window.measuredSeconds();
        join();
        if (window.failure() != null) {
            throw new Window.LoadFailed(window.failure());
        }
        List<Samples> samples = new ArrayList<>();
        long errors = 0;
        String firstError = null;
        for (Tally t : tallies) {
            samples.add(t.samples);
            errors += t.errors;
            if (firstError == null) {
                firstError = t.firstError;
            }
        }
        Latency latency = Latency.of(samples);
        double serverCpu = percent(serverCpuStart, serverCpuEnd, seconds);
        double clientCpu = percent(clientCpuStart, clientCpuEnd, seconds);
        double machineCpu = percent(machineCpuStart, machineCpuEnd, seconds);
        double otherCpu = serverCpu < 0 || machineCpu < 0 ? -1 : Math.max(0, machineCpu - serverCpu - clientCpu);
        return new Result(scenario, connections, latency.count(), errors, seconds, latency, serverCpu, clientCpu,
                otherCpu, firstError);
    }

    private static double percent(long start, long end, double seconds) {
        return start < 0 || end < 0 || seconds <= 0 ? -1 : (end - start) / 1e9 / seconds * 100;
    }

    /** Waits for the threads; cuts the sockets of any that are stuck in a read the gateway will not answer. */
    private void join() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        for (Thread t : threads) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
        if (threads.stream().anyMatch(Thread::isAlive)) {
            for (RoundTrip r : resources) {
                abortQuietly(r);
            }
            for (Thread t : threads) {
                t.join(5000);
            }
        }
    }

    /** Stops the threads; the connections stay open, their owner closes them. */
    @Override
    public void close() throws InterruptedException {
        window.stop();
        join();
    }

    private static void abortQuietly(RoundTrip r) {
        try {
            r.abort();
        } catch (IOException e) {
            System.err.println("bench: cutting a stuck connection failed: " + e);
        }
    }
}
