package dev.dx.plugin.wasm.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;

import dev.dx.util.concurrent.Handoff;

/**
 * The thread a plugin's code runs on, and the instance it runs. One thread, so calls of one plugin run one at a time
 * (a WASM instance is single-threaded); its own stack size, so deep recursion ends in a trap on this thread and
 * nowhere else. The instance is touched only by this thread; after a trap or a timeout it is dropped and the next
 * call gets a fresh one. A worker whose thread does not stop is abandoned with its instance.
 */
final class Worker {
    final ExecutorService exec;
    final HostImports imports;
    Instance instance;
    ExportFunction alloc;
    ExportFunction invoke;
    ExportFunction free;

    /** @param threads numbers the call threads of one plugin, for thread dumps */
    Worker(String pluginId, long stackBytes, HostImports imports, AtomicInteger threads) {
        this.imports = imports;
        ThreadPoolExecutor e = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS, Handoff.queue(), r -> {
            Thread t = new Thread(null, r, "dx-wasm-" + pluginId + "-" + threads.incrementAndGet(), stackBytes);
            t.setDaemon(true);
            return t;
        });
        // an idle plugin holds no thread
        e.allowCoreThreadTimeOut(true);
        this.exec = e;
    }

    void use(Instance i, boolean hasFree) {
        instance = i;
        alloc = i.export("dx_alloc");
        invoke = i.export("dx_invoke");
        free = hasFree ? i.export("dx_free") : null;
    }

    /** Copies bytes into a block from the guest's {@code dx_alloc}; on this worker's thread only. */
    int place(byte[] bytes) {
        int p = (int) alloc.apply(bytes.length)[0];
        if (Integer.toUnsignedLong(p) + bytes.length > (long) instance.memory().pages() * 65536) {
            throw GuestMemory.trap("dx_alloc(" + bytes.length + ") returned " + Integer.toUnsignedLong(p)
                    + ", outside the plugin's memory");
        }
        instance.memory().write(p, bytes);
        return p;
    }

    void drop() {
        instance = null;
        alloc = null;
        invoke = null;
        free = null;
    }
}
