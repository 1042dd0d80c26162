package dev.dx.util.fs;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches folders for created, changed and deleted files on one daemon thread. File system notifications are
 * collected until the folders have been quiet for the debounce time (an editor's save is several events) and then
 * reported together; a periodic full rescan catches whatever notifications miss. A machine can run out of
 * notifications — on Linux every watch service is an inotify instance, limited per user by
 * {@code fs.inotify.max_user_instances}, and every folder a watch, limited by {@code fs.inotify.max_user_watches} —
 * and then the watcher says so once and falls back to rescanning every {@link Timing#pollMs()}: later, but nothing
 * is missed. {@link #close()} ends the thread and releases the notifications.
 */
public final class DirectoryWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DirectoryWatcher.class);

    /** Receives changes, on the watcher's thread. */
    public interface Listener {
        /** @param paths files (or folders) created, changed or deleted in the watched folders */
        void changed(Set<Path> paths);

        /** Everything should be compared with the disk: it is time for a rescan, or events were lost. */
        void rescan();
    }

    /**
     * How fast the watcher reacts.
     *
     * @param debounceMs how long the folders must be quiet before changes are reported
     * @param rescanMs   time between full rescans while notifications work
     * @param pollMs     time between rescans without notifications (the shorter of this and {@code rescanMs})
     */
    public record Timing(long debounceMs, long rescanMs, long pollMs) {
        /** Checks the values. */
        public Timing {
            if (debounceMs < 0 || rescanMs <= 0 || pollMs <= 0) {
                throw new IllegalArgumentException("debounceMs must be >= 0, rescanMs and pollMs > 0");
            }
        }
    }

    /** Where notifications come from: the file system, or in tests a system that has none left. */
    interface Notifications {
        WatchService open() throws IOException;

        WatchKey register(WatchService ws, Path dir) throws IOException;
    }

    static final Notifications SYSTEM = new Notifications() {
        @Override
        public WatchService open() throws IOException {
            return FileSystems.getDefault().newWatchService();
        }

        @Override
        public WatchKey register(WatchService ws, Path dir) throws IOException {
            return dir.register(ws, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
        }
    };

    private final String what;
    private final Supplier<? extends Collection<Path>> dirs;
    private final Listener listener;
    private final Notifications notifications;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Map<WatchKey, Path> keys = new HashMap<>();
    private final Thread thread;
    private volatile Timing timing;
    private volatile WatchService watchService;
    private volatile String unavailable;

    /**
     * Sets up the notifications for the folders; {@link #start()} starts reporting.
     *
     * @param name     the thread's name, e.g. {@code dx-config-watcher}
     * @param what     what is watched, for the log, e.g. {@code "the memory files"}
     * @param dirs     the folders to watch, asked again after changes and at each rescan (new sub-folders); those
     *                 that do not exist yet are skipped
     * @param timing   debounce and rescan times
     * @param listener who is told
     */
    public DirectoryWatcher(String name, String what, Supplier<? extends Collection<Path>> dirs, Timing timing,
            Listener listener) {
        this(name, what, dirs, timing, listener, SYSTEM);
    }

    DirectoryWatcher(String name, String what, Supplier<? extends Collection<Path>> dirs, Timing timing,
            Listener listener, Notifications notifications) {
        this.what = Objects.requireNonNull(what, "what must not be null");
        this.dirs = Objects.requireNonNull(dirs, "dirs must not be null");
        this.timing = Objects.requireNonNull(timing, "timing must not be null");
        this.listener = Objects.requireNonNull(listener, "listener must not be null");
        this.notifications = notifications;
        try {
            watchService = notifications.open();
        } catch (IOException e) {
            fallBack(e);
        }
        registerAll();
        this.thread = new Thread(this::run, Objects.requireNonNull(name, "name must not be null"));
        thread.setDaemon(true);
    }

    /** Starts reporting changes. */
    public void start() {
        thread.start();
    }

    /** @param t new debounce and rescan times, used from the next wait on */
    public void timing(Timing t) {
        this.timing = Objects.requireNonNull(t, "timing must not be null");
    }

    /** @return why file system notifications are not used, or {@code null} while they are */
    public String unavailable() {
        return unavailable;
    }

    private void fallBack(IOException why) {
        unavailable = why.getMessage() == null ? why.toString() : why.getMessage();
        Timing t = timing;
        LOG.warn("No file system notifications for {} ({}); rescanning every {} ms instead. On Linux, raise "
                + "fs.inotify.max_user_instances or fs.inotify.max_user_watches to see changes at once", what,
                unavailable, Math.min(t.pollMs(), t.rescanMs()));
        WatchService ws = watchService;
        watchService = null;
        keys.clear();
        if (ws != null) {
            try {
                ws.close();
            } catch (IOException e) {
                LOG.debug("Closing an unusable watch service: {}", e.toString());
            }
        }
    }

    /** Registers the folders not watched yet; runs out of notifications into the fallback. */
    private void registerAll() {
        WatchService ws = watchService;
        if (ws == null) {
            return;
        }
        for (Path dir : dirs.get()) {
            if (keys.containsValue(dir)) {
                continue;
            }
            try {
                keys.put(notifications.register(ws, dir), dir);
            } catch (NoSuchFileException | NotDirectoryException e) {
                LOG.debug("Not watching {}: it is not a folder (yet); the rescan covers it", dir);
            } catch (IOException e) {
                fallBack(e);
                return;
            }
        }
    }

    private void run() {
        Set<Path> pending = new LinkedHashSet<>();
        long lastEvent = 0;
        long nextRescan = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timing.rescanMs());
        while (closed.getCount() > 0) {
            try {
                WatchService ws = watchService;
                Timing t = timing;
                if (ws == null) {
                    if (closed.await(Math.min(t.pollMs(), t.rescanMs()), TimeUnit.MILLISECONDS)) {
                        return;
                    }
                    pending.clear();
                    listener.rescan();
                    continue;
                }
                long now = System.nanoTime();
                long waitMs = pending.isEmpty() ? TimeUnit.NANOSECONDS.toMillis(nextRescan - now)
                        : t.debounceMs() - TimeUnit.NANOSECONDS.toMillis(now - lastEvent);
                WatchKey key = ws.poll(Math.max(1, waitMs), TimeUnit.MILLISECONDS);
                boolean overflow = false;
                while (key != null) {
                    overflow |= collect(key, pending);
                    lastEvent = System.nanoTime();
                    key = ws.poll();
                }
                now = System.nanoTime();
                if (!pending.isEmpty() && TimeUnit.NANOSECONDS.toMillis(now - lastEvent) >= t.debounceMs()) {
                    Set<Path> batch = new LinkedHashSet<>(pending);
                    pending.clear();
                    registerAll(); // a new folder (a new workspace) is watched from now on
                    listener.changed(batch);
                }
                if (overflow || watchService == null || now - nextRescan >= 0) {
                    keys.keySet().removeIf(k -> !k.isValid());
                    registerAll();
                    listener.rescan();
                    nextRescan = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timing.rescanMs());
                }
            } catch (ClosedWatchServiceException | InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // a failing listener must not end the watching; the next rescan compares everything again
                LOG.warn("Watching {} hit a problem; rescanning soon", what, e);
                nextRescan = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timing.pollMs());
            }
        }
    }

    private boolean collect(WatchKey key, Set<Path> pending) {
        Path dir = keys.get(key);
        boolean overflow = false;
        for (WatchEvent<?> e : key.pollEvents()) {
            if (e.kind() == StandardWatchEventKinds.OVERFLOW) {
                overflow = true;
            } else if (dir != null) {
                pending.add(dir.resolve((Path) e.context()));
            }
        }
        if (!key.reset()) {
            keys.remove(key);
        }
        return overflow;
    }

    /** Releases the notifications and ends the thread, letting a listener call in progress return first. */
    @Override
    public void close() {
        closed.countDown();
        WatchService ws = watchService;
        if (ws != null) {
            try {
                ws.close();
            } catch (IOException e) {
                LOG.debug("Closing the watch service for {}: {}", what, e.toString());
            }
        }
        try {
            // a listener call in progress may finish; one that hangs is interrupted
            thread.join(TimeUnit.SECONDS.toMillis(5));
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(TimeUnit.SECONDS.toMillis(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
