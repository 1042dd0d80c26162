package dev.dx.plugin.nativelib.internal;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dx.api.plugin.Deadline;
import dev.dx.api.plugin.LoadedPlugin;
import dev.dx.api.plugin.PluginException;

/**
 * A loaded native plugin, in its runtime's registry until it is closed. Calls run on the runtime's {@link CallPool}; one that misses its deadline marks the plugin
 * unhealthy and unloads it: new calls are refused and the library is closed once the last thread inside it — the
 * stuck one included — has returned. Until then the library stays mapped, because unmapping code a thread is
 * executing would crash the gateway.
 */
final class NativePlugin implements LoadedPlugin {
    private static final Logger LOG = LoggerFactory.getLogger(NativePlugin.class);

    private final String id;
    private final String entry;
    private final SharedLibrary lib;
    private final CallPool pool;
    private final int maxOutputBytes;
    private final Set<NativePlugin> registry;
    private final AtomicInteger inside = new AtomicInteger();
    private final AtomicBoolean released = new AtomicBoolean();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean closed;
    private volatile String unloaded;

    NativePlugin(String id, String entry, SharedLibrary lib, CallPool pool, int maxOutputBytes,
            Set<NativePlugin> registry) {
        this.id = id;
        this.entry = entry;
        this.lib = lib;
        this.pool = pool;
        this.maxOutputBytes = maxOutputBytes;
        this.registry = registry;
    }

    /** Reads {@code dx_plugin_info()} on a call thread, so that a library hanging there cannot hang the load. */
    String info(Deadline deadline) {
        return run("dx_plugin_info", deadline, () -> lib.readInfo(maxOutputBytes));
    }

    @Override
    public String invoke(String export, String inputJson, Deadline deadline) {
        calls.incrementAndGet();
        byte[] name = export.getBytes(StandardCharsets.UTF_8);
        byte[] in = inputJson.getBytes(StandardCharsets.UTF_8);
        if (in.length > maxOutputBytes || export.indexOf('\0') >= 0 || inputJson.indexOf('\0') >= 0) {
            throw new PluginException(PluginException.Code.INVALID, "the input of " + export + " is over "
                    + maxOutputBytes + " bytes or holds a NUL character");
        }
        SharedLibrary.Result r = run(export, deadline, () -> lib.call(name, in, maxOutputBytes));
        if (r.rc() != 0) {
            failures.incrementAndGet();
            String why = r.out() == null ? "" : ": " + new String(r.out(), StandardCharsets.UTF_8);
            throw new PluginException(PluginException.Code.TRAP, export + " failed with code " + r.rc()
                    + (why.length() > 502 ? why.substring(0, 500) + "…" : why));
        }
        if (r.out() == null) {
            failures.incrementAndGet();
            throw new PluginException(PluginException.Code.TRAP, export + " returned 0 but no output");
        }
        return new String(r.out(), StandardCharsets.UTF_8);
    }

    private interface NativeCall<T> {
        T call();
    }

    private <T> T run(String what, Deadline deadline, NativeCall<T> call) {
        refuseIfClosed();
        try {
            return pool.run(what, deadline, () -> {
                if (!enter()) {
                    refuseIfClosed();
                }
                try {
                    return call.call();
                } finally {
                    leave();
                }
            });
        } catch (CallPool.Missed e) {
            failures.incrementAndGet();
            unload(what + " did not return within its deadline; its thread is left in native code until it does "
                    + "(" + pool.stuck() + " such threads now)");
            throw new PluginException(PluginException.Code.TIMEOUT, what + " of native plugin " + id + " did not "
                    + "return within its deadline; the plugin was unloaded");
        } catch (ExecutionException e) {
            failures.incrementAndGet();
            Throwable c = e.getCause();
            if (c instanceof PluginException) {
                throw (PluginException) c;
            }
            throw new PluginException(PluginException.Code.CRASHED, what + " failed in the native runtime: " + c, c);
        }
    }

    private void refuseIfClosed() {
        if (closed) {
            String why = unloaded;
            throw new PluginException(PluginException.Code.UNAVAILABLE, "native plugin " + id + " is "
                    + (why == null ? "stopped" : "unloaded: " + why));
        }
    }

    /** Counts a thread in; the count is raised before {@code closed} is read, so close() and a call cannot miss each other. */
    private boolean enter() {
        inside.incrementAndGet();
        if (closed) {
            leave();
            return false;
        }
        return true;
    }

    private void leave() {
        if (inside.decrementAndGet() == 0 && closed) {
            release();
        }
    }

    private void release() {
        if (released.compareAndSet(false, true)) {
            lib.close();
            LOG.debug("Native plugin {}: {} closed", id, entry);
        }
    }

    /** Marks the plugin unhealthy and unloads it. */
    private void unload(String why) {
        if (unloaded == null) {
            unloaded = why;
            LOG.warn("Native plugin {} unloaded: {}", id, why);
        }
        close();
    }

    @Override
    public String unloaded() {
        return unloaded;
    }

    @Override
    public Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("runtime", "native");
        m.put("library", entry);
        m.put("calls", calls.get());
        m.put("failures", failures.get());
        m.put("healthy", unloaded == null);
        if (unloaded != null) {
            m.put("unloaded", unloaded);
        }
        m.put("threadsInside", inside.get());
        m.put("stuckCallsInRuntime", pool.stuck());
        return m;
    }

    @Override
    public void close() {
        closed = true;
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        registry.remove(this);
        if (inside.get() == 0) {
            release();
        }
    }
}
