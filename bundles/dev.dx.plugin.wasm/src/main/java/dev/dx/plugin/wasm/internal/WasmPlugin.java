package dev.dx.plugin.wasm.internal;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.MemoryLimits;

import dev.dx.api.plugin.Deadline;
import dev.dx.api.plugin.LoadedPlugin;
import dev.dx.api.plugin.PluginException;
import dev.dx.api.plugin.PluginHost;
import dev.dx.util.concurrent.Handoff;

/**
 * A loaded WASM plugin. A call runs on the plugin's {@link Worker} thread; the caller waits until the deadline, then
 * interrupts that thread. Chicory checks the interrupt flag at every function call and every backward branch, in the
 * interpreter and in compiled code alike, so even {@code (loop (br 0))} stops within microseconds and the call ends
 * as {@code TIMEOUT}. A thread that does not stop within the grace period (stuck outside WASM code) is abandoned
 * together with its instance, and the next call starts a fresh worker.
 */
final class WasmPlugin implements LoadedPlugin {
    private static final Logger LOG = LoggerFactory.getLogger(WasmPlugin.class);

    private final String id;
    private final WasmModule module;
    private final Function<Instance, Machine> machine;
    private final PluginHost host;
    private final int capPages;
    private final boolean hasFree;
    private final Settings settings;
    private volatile Runnable onClose;
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong instances = new AtomicLong();
    private final AtomicLong abandoned = new AtomicLong();
    private final AtomicInteger threads = new AtomicInteger();
    private final Object lock = new Object();
    private Worker worker;
    private volatile boolean closed;
    private volatile int pages;

    WasmPlugin(String id, WasmModule module, Function<Instance, Machine> machine, PluginHost host, int capPages,
            boolean hasFree, Settings settings) {
        this.id = id;
        this.module = module;
        this.machine = machine;
        this.host = host;
        this.capPages = capPages;
        this.hasFree = hasFree;
        this.settings = settings;
    }

    /** Runs {@code r} once the plugin is closed. */
    void onClose(Runnable r) {
        this.onClose = r;
    }

    /** Instantiates once, so that a module that cannot link or whose start function fails is refused at load. */
    void warmUp(Deadline deadline) {
        run("instantiation", deadline, w -> {
            ensureInstance(w);
            return null;
        });
    }

    @Override
    public String invoke(String export, String inputJson, Deadline deadline) {
        calls.incrementAndGet();
        byte[] name = export.getBytes(StandardCharsets.UTF_8);
        byte[] in = inputJson.getBytes(StandardCharsets.UTF_8);
        if (in.length > settings.maxOutputBytes()) {
            throw new PluginException(PluginException.Code.INVALID, "the input of " + export + " is " + in.length
                    + " bytes, more than the " + settings.maxOutputBytes() + " allowed");
        }
        byte[] out = run(export, deadline, w -> call(w, name, in, deadline));
        return GuestMemory.utf8(out, "the output of " + export);
    }

    private interface Task<T> {
        T run(Worker w);
    }

    private <T> T run(String export, Deadline deadline, Task<T> task) {
        if (closed) {
            throw new PluginException(PluginException.Code.UNAVAILABLE, "plugin " + id + " is stopped");
        }
        Worker w = worker();
        CountDownLatch ended = new CountDownLatch(1);
        AtomicBoolean started = new AtomicBoolean();
        Future<T> f;
        try {
            f = w.exec.submit(() -> {
                started.set(true);
                try {
                    return task.run(w);
                } catch (Throwable t) {
                    w.drop(); // whatever ended the call abnormally may have left the instance half-way
                    throw Traps.translate(t, export, closed);
                } finally {
                    ended.countDown();
                }
            });
        } catch (RejectedExecutionException e) {
            throw new PluginException(PluginException.Code.UNAVAILABLE, "plugin " + id + " is stopped");
        }
        try {
            return Handoff.get(f, Math.max(0, deadline.remaining().toNanos()));
        } catch (TimeoutException e) {
            stop(w, f, started, ended, export);
            failures.incrementAndGet();
            throw new PluginException(PluginException.Code.TIMEOUT, export + " did not finish within its deadline "
                    + "and was stopped");
        } catch (InterruptedException e) {
            stop(w, f, started, ended, export);
            Thread.currentThread().interrupt();
            throw new PluginException(PluginException.Code.TIMEOUT, export + " was cancelled by its caller");
        } catch (ExecutionException e) {
            failures.incrementAndGet();
            throw Traps.translate(e.getCause(), export, closed);
        } catch (CancellationException e) {
            throw new PluginException(PluginException.Code.UNAVAILABLE, "plugin " + id + " was stopped");
        }
    }

    /** Interrupts the call and waits for its thread to notice; a thread that does not is abandoned. */
    private void stop(Worker w, Future<?> f, AtomicBoolean started, CountDownLatch ended, String export) {
        f.cancel(true);
        if (!started.get()) {
            return; // still queued: it will never run
        }
        try {
            if (ended.await(settings.stopGraceMs(), TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        abandoned.incrementAndGet();
        LOG.warn("Plugin {}: {} did not stop within {} ms of its deadline; its thread is abandoned and the next "
                + "call gets a fresh instance", id, export, settings.stopGraceMs());
        synchronized (lock) {
            if (worker == w) {
                worker = null;
            }
        }
        w.exec.shutdownNow();
    }

    private Worker worker() {
        synchronized (lock) {
            if (worker == null) {
                worker = new Worker(id, settings.stackBytes(), new HostImports(host, settings.maxOutputBytes()), threads);
            }
            return worker;
        }
    }

    private void ensureInstance(Worker w) {
        if (w.instance != null) {
            return;
        }
        Instance.Builder b = Instance.builder(module).withImportValues(w.imports.values())
                .withMemoryFactory(limits -> new ByteArrayMemory(new MemoryLimits(limits.initialPages(),
                        Math.min(limits.maximumPages(), capPages))));
        if (machine != null) {
            b.withMachineFactory(machine);
        }
        w.use(b.build(), hasFree);
        instances.incrementAndGet();
    }

    /** On the worker thread: copies name and input in, calls {@code dx_invoke}, copies the output out. */
    private byte[] call(Worker w, byte[] name, byte[] in, Deadline deadline) {
        ensureInstance(w);
        w.imports.deadline(deadline);
        Instance i = w.instance;
        int np = w.place(name);
        int ip = w.place(in);
        long r = w.invoke.apply(np, name.length, ip, in.length)[0];
        int op = (int) (r >>> 32);
        int ol = (int) r;
        byte[] out = GuestMemory.read(i, op, ol, settings.maxOutputBytes(), "dx_invoke's result");
        if (w.free != null) {
            w.free.apply(op, ol);
            w.free.apply(ip, in.length);
            w.free.apply(np, name.length);
        }
        pages = i.memory().pages();
        return out;
    }

    @Override
    public Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("runtime", machine == null ? "wasm (interpreted)" : "wasm (compiled)");
        m.put("memoryPages", pages);
        m.put("memoryPagesCap", capPages);
        m.put("calls", calls.get());
        m.put("failures", failures.get());
        m.put("instancesCreated", instances.get());
        m.put("abandonedThreads", abandoned.get());
        return m;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        synchronized (lock) {
            if (worker != null) {
                worker.exec.shutdownNow();
                worker = null;
            }
        }
        Runnable r = onClose;
        if (r != null) {
            r.run();
        }
    }
}
