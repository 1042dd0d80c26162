package dev.dx.tools.internal.file;

import static dev.dx.tools.internal.Calls.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dx.api.tool.ToolResult;
import dev.dx.tools.internal.TestConfigs;

/**
 * A folder swapped for a symlink to the outside while the tools use it, over and over: whatever the interleaving,
 * nothing outside the workspace is read or written. (A path-based check-then-open would leak here.)
 */
class SwapRaceTest {
    /** At least this long, and on until every outcome has been seen (a busy machine interleaves less often). */
    private static final long RUN_NANOS = TimeUnit.SECONDS.toNanos(3);
    private static final long MAX_RUN_NANOS = TimeUnit.SECONDS.toNanos(60);

    @TempDir
    Path base;

    @Test
    void aFolderSwappedForASymlinkNeverRedirectsAnAccess() throws Exception {
        Path ws = Files.createDirectories(base.resolve("ws"));
        Path outside = Files.createDirectories(base.resolve("outside"));
        Files.writeString(outside.resolve("file.txt"), "OUTSIDE SECRET\n");
        Path dir = Files.createDirectories(ws.resolve("dir"));
        Files.writeString(dir.resolve("file.txt"), "inside\n");
        Path parked = ws.resolve("dir.parked");

        ReadTool read = new ReadTool();
        read.activate(TestConfigs.tools(Map.of()));
        WriteTool write = new WriteTool();
        write.activate(TestConfigs.tools(Map.of()));
        EditTool edit = new EditTool();
        edit.activate(TestConfigs.tools(Map.of()));

        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong swaps = new AtomicLong();
        AtomicReference<Throwable> swapFailure = new AtomicReference<>();
        Thread swapper = new Thread(() -> {
            try {
                while (!stop.get()) {
                    // the real folder steps aside and a symlink to the outside takes its name, then back; a write
                    // may create a fresh 'dir' while the name is free: that one is removed (it is in the workspace)
                    Files.move(dir, parked, StandardCopyOption.ATOMIC_MOVE);
                    while (!tryLink(dir, outside)) {
                        removeTree(dir);
                    }
                    Files.delete(dir);
                    while (!tryMove(parked, dir)) {
                        removeTree(dir);
                    }
                    swaps.incrementAndGet();
                }
            } catch (IOException | RuntimeException e) {
                swapFailure.set(e);
            }
        }, "swapper");
        swapper.start();

        long reads = 0;
        long readsOk = 0;
        long refusals = 0;
        long naiveLeaks = 0;
        long start = System.nanoTime();
        try {
            for (int i = 0; System.nanoTime() - start < RUN_NANOS || System.nanoTime() - start < MAX_RUN_NANOS
                    && (swaps.get() <= 50 || readsOk == 0 || refusals == 0 || naiveLeaks == 0); i++) {
                ToolResult r = switch (i % 4) {
                    case 0, 1 -> call(read, ws, "path", "dir/file.txt");
                    case 2 -> call(write, ws, "path", "dir/w" + (i % 8) + ".txt", "content", "written " + i);
                    default -> call(edit, ws, "path", "dir/file.txt", "oldText", "inside", "newText", "inside");
                };
                assertFalse(r.content().contains("OUTSIDE"), "read through the swapped folder: " + r.content());
                if (i % 4 < 2) {
                    reads++;
                    if (!r.error()) {
                        assertEquals("inside\n", r.content());
                        readsOk++;
                    }
                }
                if (r.error()) {
                    refusals++;
                }
                naiveLeaks += naiveRead(dir.resolve("file.txt")).contains("OUTSIDE") ? 1 : 0;
                if (swapFailure.get() != null) {
                    break;
                }
            }
        } finally {
            stop.set(true);
            swapper.join(TimeUnit.SECONDS.toMillis(10));
        }
        List<String> outsideNames;
        try (var files = Files.list(outside)) {
            outsideNames = files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
        assertEquals(List.of("file.txt"), outsideNames, "nothing was created outside the workspace");
        assertEquals("OUTSIDE SECRET\n", Files.readString(outside.resolve("file.txt")));
        assertTrue(swaps.get() > 50, "the folder was swapped often enough to race: " + swaps.get());
        assertTrue(readsOk > 0 && refusals > 0, "both outcomes happened: " + readsOk + " of " + reads
                + " reads succeeded, " + refusals + " calls refused");
        assertNull(swapFailure.get(), "the swapper kept swapping");
        assertTrue(naiveLeaks > 0, "the race is real: a plain path-based read of the same name leaks the outside");
        System.out.printf("swap race: %d swaps, %d reads (%d ok), %d refusals; plain path reads leaked %d times%n",
                swaps.get(), reads, readsOk, refusals, naiveLeaks);
    }

    /** What a check-free path-based read sees: the control that shows the swap really redirects paths. */
    private static String naiveRead(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    private static boolean tryLink(Path link, Path target) throws IOException {
        try {
            Files.createSymbolicLink(link, target);
            return true;
        } catch (java.nio.file.FileAlreadyExistsException e) {
            return false;
        }
    }

    private static boolean tryMove(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (java.nio.file.FileSystemException e) {
            if (Files.exists(to, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
            throw e;
        }
    }

    /** Removes a folder a write created inside the workspace (writes may still land in it); never follows a link. */
    private static void removeTree(Path p) throws IOException {
        while (true) {
            if (!Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.deleteIfExists(p);
                return;
            }
            try (var children = Files.list(p)) {
                for (Path c : (Iterable<Path>) children::iterator) {
                    removeTree(c);
                }
                Files.deleteIfExists(p);
                return;
            } catch (NoSuchFileException e) {
                return;
            } catch (java.nio.file.DirectoryNotEmptyException e) {
                // a write landed meanwhile: go again
                continue;
            }
        }
    }
}
