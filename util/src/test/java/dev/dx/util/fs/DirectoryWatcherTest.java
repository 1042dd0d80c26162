package dev.dx.util.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dx.testsupport.await.Await;

/** The folder watcher on the real file system, and on a system that has no notifications left to give. */
class DirectoryWatcherTest {
    private static final String INOTIFY = "User limit of inotify instances reached or too many open files";
    private static final DirectoryWatcher.Timing FAST = new DirectoryWatcher.Timing(20, 60_000, 20);

    @TempDir
    Path dir;
    private final Recorder recorder = new Recorder();
    private DirectoryWatcher watcher;

    @AfterEach
    void close() {
        if (watcher != null) {
            watcher.close();
        }
    }

    @Test
    void reportsChangedFilesAndWatchesNewFolders() throws Exception {
        Path sub = dir.resolve("sub");
        watcher = new DirectoryWatcher("test-watch", "test files", () -> Files.isDirectory(sub) ? List.of(dir, sub)
                : List.of(dir), FAST, recorder);
        watcher.start();
        assertNull(watcher.unavailable());
        Files.writeString(dir.resolve("a.md"), "one");
        Files.writeString(dir.resolve("a.md"), "two");
        Await.until("a.md reported", 10_000, () -> recorder.changed.contains(dir.resolve("a.md")));

        Files.createDirectories(sub);
        Await.until("the new folder reported", 10_000, () -> recorder.changed.contains(sub));
        Files.writeString(sub.resolve("b.md"), "in the new folder");
        Await.until("a file in the new folder reported", 10_000,
                () -> recorder.changed.contains(sub.resolve("b.md")));
    }

    @Test
    void withoutAWatchServiceItRescansInstead() throws Exception {
        watcher = new DirectoryWatcher("test-watch", "test files", () -> List.of(dir), FAST, recorder,
                new Failing(true, null));
        watcher.start();
        assertEquals(INOTIFY, watcher.unavailable());
        Await.until("rescans", 10_000, () -> recorder.rescans.get() >= 3);
        assertTrue(recorder.changed.isEmpty());
    }

    @Test
    void whenAFolderCannotBeWatchedItRescansAndReleasesTheWatchService() throws Exception {
        Path second = Files.createDirectories(dir.resolve("second"));
        Failing system = new Failing(false, second);
        watcher = new DirectoryWatcher("test-watch", "test files", () -> List.of(dir, second), FAST, recorder, system);
        watcher.start();
        assertNotNull(watcher.unavailable());
        WatchService opened = system.opened.get();
        assertThrows(ClosedWatchServiceException.class, opened::poll, "the unusable watch service is closed");
        Await.until("rescans", 10_000, () -> recorder.rescans.get() >= 3);
    }

    @Test
    void aFailingListenerDoesNotEndTheWatching() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        watcher = new DirectoryWatcher("test-watch", "test files", () -> List.of(dir), FAST,
                new DirectoryWatcher.Listener() {
                    @Override
                    public void changed(Set<Path> paths) {
                        if (calls.incrementAndGet() == 1) {
                            throw new IllegalStateException("first call fails");
                        }
                        recorder.changed(paths);
                    }

                    @Override
                    public void rescan() {
                        recorder.rescan();
                    }
                });
        watcher.start();
        Files.writeString(dir.resolve("a.md"), "one");
        Await.until("first change seen", 10_000, () -> calls.get() >= 1);
        Files.writeString(dir.resolve("b.md"), "two");
        Await.until("b.md reported", 10_000, () -> recorder.changed.contains(dir.resolve("b.md")));
    }

    @Test
    void closeEndsTheThreadInBothModes() throws Exception {
        for (Failing system : new Failing[] {null, new Failing(true, null)}) {
            String name = "test-watch-close-" + (system == null ? "notify" : "poll");
            DirectoryWatcher w = system == null
                    ? new DirectoryWatcher(name, "test files", () -> List.of(dir), FAST, recorder)
                    : new DirectoryWatcher(name, "test files", () -> List.of(dir), FAST, recorder, system);
            w.start();
            assertTrue(alive(name));
            w.close();
            assertFalse(alive(name), name + " still runs after close");
        }
    }

    private static boolean alive(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }

    /** Records what the watcher reports. */
    private static final class Recorder implements DirectoryWatcher.Listener {
        final Set<Path> changed = ConcurrentHashMap.newKeySet();
        final AtomicInteger rescans = new AtomicInteger();

        @Override
        public void changed(Set<Path> paths) {
            changed.addAll(paths);
        }

        @Override
        public void rescan() {
            rescans.incrementAndGet();
        }
    }

    /** A system out of inotify instances (no watch service at all) or out of watches (for one folder). */
    private static final class Failing implements DirectoryWatcher.Notifications {
        private final boolean noInstances;
        private final Path unwatchable;
        final AtomicReference<WatchService> opened = new AtomicReference<>();

        Failing(boolean noInstances, Path unwatchable) {
            this.noInstances = noInstances;
            this.unwatchable = unwatchable;
        }

        @Override
        public WatchService open() throws IOException {
            if (noInstances) {
                throw new IOException(INOTIFY);
            }
            WatchService ws = DirectoryWatcher.SYSTEM.open();
            opened.set(ws);
            return ws;
        }

        @Override
        public WatchKey register(WatchService ws, Path dir) throws IOException {
            if (dir.equals(unwatchable)) {
                throw new IOException("User limit of inotify watches reached");
            }
            return DirectoryWatcher.SYSTEM.register(ws, dir);
        }
    }
}
