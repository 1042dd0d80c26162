package dev.dx.memory.internal.files;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the workspace memory files with file system notifications. Changes are collected until the files have
 * been quiet for the debounce time (an editor's save is several events) and then reported together; a periodic
 * rescan catches anything the notifications missed (and new workspaces whose folders could not be watched yet).
 * Without notifications (the system's inotify limit is used up) it falls back to checking every
 * {@value #POLL_MS} ms, and says so.
 */
public final class FileWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FileWatcher.class);
    private static final long POLL_MS = 2000;

    /** Receives changes, on the watcher's thread: hand work off quickly. */
    public interface Listener {
        /** @param paths files (or folders) created, changed or deleted */
        void changed(Set<Path> paths);

        /** Everything should be compared with the disk. */
        void rescan();
    }

    private final MemoryFiles files;
    private final long debounceMs;
    private final long rescanMs;
    private final Listener listener;
    private final WatchService watchService;
    private final String unavailable;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Map<WatchKey, Path> keys = new HashMap<>();
    private final Thread thread;

    /**
     * Starts watching.
     *
     * @param files      which files are memory files
     * @param debounceMs quiet time before changes are reported
     * @param rescanMs   time between full rescans
     * @param listener   who is told
     */
    public FileWatcher(MemoryFiles files, long debounceMs, long rescanMs, Listener listener) {
        this.files = files;
        this.debounceMs = debounceMs;
        this.rescanMs = rescanMs;
        this.listener = listener;
        WatchService ws = null;
        String why = null;
        try {
            ws = FileSystems.getDefault().newWatchService();
        } catch (IOException e) {
            why = e.getMessage();
            LOG.warn("Cannot watch the memory files for changes ({}); checking them every {} ms instead. On Linux, "
                    + "raise fs.inotify.max_user_instances to get changes at once", why, POLL_MS);
        }
        this.watchService = ws;
        this.unavailable = why;
        if (ws != null) {
            registerAll();
        }
        this.thread = new Thread(ws == null ? this::poll : this::run, "dx-memory-watch");
        thread.setDaemon(true);
        thread.start();
    }

    /** @return why file notifications are not used, or {@code null} when they are */
    public String unavailable() {
        return unavailable;
    }

    private void poll() {
        try {
            while (!closed.await(POLL_MS, TimeUnit.MILLISECONDS)) {
                listener.rescan();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("Memory file polling stopped", e);
        }
    }

    private void registerAll() {
        for (Path dir : files.watchedDirs()) {
            register(dir);
        }
    }

    private void register(Path dir) {
        if (keys.containsValue(dir)) {
            return;
        }
        try {
            WatchKey key = dir.register(watchService, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
            keys.put(key, dir);
        } catch (IOException e) {
            LOG.debug("Cannot watch {}: {}; the periodic rescan covers it", dir, e.toString());
        }
    }

    private void run() {
        Set<Path> pending = new LinkedHashSet<>();
        long lastEvent = 0;
        long nextRescan = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(rescanMs);
        while (!Thread.currentThread().isInterrupted()) {
            try {
                long now = System.nanoTime();
                long waitMs = pending.isEmpty() ? TimeUnit.NANOSECONDS.toMillis(nextRescan - now)
                        : debounceMs - TimeUnit.NANOSECONDS.toMillis(now - lastEvent);
                WatchKey key = watchService.poll(Math.max(1, waitMs), TimeUnit.MILLISECONDS);
                boolean overflow = false;
                while (key != null) {
                    overflow |= collect(key, pending);
                    lastEvent = System.nanoTime();
                    key = watchService.poll();
                }
                now = System.nanoTime();
                if (!pending.isEmpty() && TimeUnit.NANOSECONDS.toMillis(now - lastEvent) >= debounceMs) {
                    Set<Path> batch = new LinkedHashSet<>(pending);
                    pending.clear();
                    registerAll();
                    listener.changed(batch);
                }
                if (overflow || now - nextRescan >= 0) {
                    keys.entrySet().removeIf(e -> !e.getKey().isValid());
                    registerAll();
                    listener.rescan();
                    nextRescan = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(rescanMs);
                }
            } catch (ClosedWatchServiceException | InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("Memory file watcher hiccup; continuing", e);
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

    @Override
    public void close() throws IOException {
        closed.countDown();
        if (watchService != null) {
            watchService.close();
        }
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
