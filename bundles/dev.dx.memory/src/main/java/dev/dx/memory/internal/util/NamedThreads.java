package dev.dx.memory.internal.util;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Daemon threads with a recognisable name, for the executors the memory components own. */
public final class NamedThreads implements ThreadFactory {
    private final String prefix;
    private final int priority;
    private final long stackSize;
    private final AtomicInteger count = new AtomicInteger();

    /**
     * @param prefix   thread name prefix, e.g. {@code dx-memory-index}
     * @param priority thread priority; background work runs below normal so searches stay fast
     */
    public NamedThreads(String prefix, int priority) {
        this(prefix, priority, 0);
    }

    /**
     * @param prefix    thread name prefix
     * @param priority  thread priority
     * @param stackSize stack size in bytes, or 0 for the JVM's default ({@code -Xss})
     */
    public NamedThreads(String prefix, int priority, long stackSize) {
        this.prefix = prefix;
        this.priority = priority;
        this.stackSize = stackSize;
    }

    @Override
    public Thread newThread(Runnable r) {
        Thread t = new Thread(null, r, prefix + "-" + count.incrementAndGet(), stackSize);
        t.setDaemon(true);
        t.setPriority(priority);
        return t;
    }
}
