package dev.dx.tools.internal.exec;

import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dx.api.approval.ExecRequest;
import dev.dx.tools.internal.ArgumentException;

/**
 * Runs approved commands: exactly the request's argv, cwd and environment, no shell, stdin empty, stdout and stderr
 * combined and capped, the whole process tree killed at the timeout. Owns the threads that read output and the
 * processes still running, all of which it stops in {@link #close()}.
 */
final class ProcessRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessRunner.class);
    /** How long output is still read after the command ended or was killed (a stray child may hold the pipe). */
    private static final long DRAIN_GRACE_MS = 2000;

    /**
     * How a command ended.
     *
     * @param exitCode  the exit code, or null if it was killed
     * @param timedOut  whether the timeout killed it
     * @param cancelled whether the call was interrupted
     * @param output    the kept output
     * @param bytes     all output bytes seen
     * @param cut       output bytes left out
     * @param millis    how long it ran
     */
    record Outcome(Integer exitCode, boolean timedOut, boolean cancelled, String output, long bytes, long cut,
            long millis) {
    }

    private final ExecutorService readers;
    private final Set<Process> running = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    ProcessRunner() {
        AtomicInteger n = new AtomicInteger();
        this.readers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "dx-tools-exec-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts the request once {@code claim} allowed it, immediately before the start, and waits for it.
     *
     * @throws ArgumentException if the claim fails or the program cannot start
     */
    Outcome run(ExecRequest request, BooleanSupplier claim, Duration timeout, int maxOutput)
            throws ArgumentException {
        ProcessBuilder pb = new ProcessBuilder(request.argv());
        pb.directory(new File(request.cwd()));
        Map<String, String> env = pb.environment();
        env.clear();
        env.putAll(request.env());
        pb.redirectErrorStream(true);
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        if (closed) {
            throw new ArgumentException("exec is stopping; the command did not run.");
        }
        if (!claim.getAsBoolean()) {
            throw new ArgumentException("The approval could not be claimed (already used, expired, or it was for a "
                    + "different command); the command did not run.");
        }
        long start = System.nanoTime();
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new ArgumentException("The command could not start: " + e.getMessage());
        }
        running.add(p);
        if (closed) {
            // close() ran between the check above and the start: it could not see this process
            killTree(p.toHandle());
        }
        try {
            return await(p, timeout, maxOutput, start);
        } finally {
            running.remove(p);
        }
    }

    private Outcome await(Process p, Duration timeout, int maxOutput, long start) throws ArgumentException {
        OutputCapture out = new OutputCapture(maxOutput);
        Future<?> pump;
        try {
            pump = readers.submit(() -> {
                out.drain(p.getInputStream());
                return null;
            });
        } catch (RejectedExecutionException e) {
            killTree(p.toHandle());
            throw new ArgumentException("exec is stopping; the command was killed.");
        }
        boolean timedOut = false;
        boolean cancelled = false;
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                timedOut = true;
                killTree(p.toHandle());
            }
        } catch (InterruptedException e) {
            cancelled = true;
            killTree(p.toHandle());
            Thread.currentThread().interrupt();
        }
        finishReading(p, pump);
        Integer exit = null;
        if (!timedOut && !cancelled && !p.isAlive()) {
            exit = p.exitValue();
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        return new Outcome(exit, timedOut, cancelled, out.text(), out.total(), out.cut(), millis);
    }

    /** Waits briefly for the rest of the output; a grandchild that kept the pipe open is not waited for. */
    private static void finishReading(Process p, Future<?> pump) {
        try {
            pump.get(DRAIN_GRACE_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | InterruptedException e) {
            closeOutput(p);
            pump.cancel(true);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        } catch (ExecutionException e) {
            LOG.debug("Reading command output ended: {}", e.getCause().toString());
        }
    }

    private static void closeOutput(Process p) {
        try {
            p.getInputStream().close();
        } catch (IOException e) {
            LOG.debug("Cannot close command output: {}", e.toString());
        }
    }

    /**
     * Kills a process and everything it started. The tree is listed while the parents are alive (a killed parent's
     * children are re-parented and no longer show up as its descendants), then every member is killed at once.
     */
    static void killTree(ProcessHandle root) {
        for (int round = 0; round < 3 && root.isAlive(); round++) {
            List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
            root.destroyForcibly();
            tree.forEach(ProcessHandle::destroyForcibly);
            // a child that forked while we listed: its own children, if still findable
            for (ProcessHandle h : tree) {
                h.descendants().forEach(ProcessHandle::destroyForcibly);
            }
        }
        root.destroyForcibly();
        try {
            root.onExit().get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Process {} did not exit 5 s after it was killed", root.pid());
        }
    }

    /** Kills every running command and stops the output readers. */
    @Override
    public void close() {
        closed = true;
        for (Process p : running) {
            killTree(p.toHandle());
        }
        readers.shutdownNow();
        try {
            if (!readers.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("exec output readers did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
