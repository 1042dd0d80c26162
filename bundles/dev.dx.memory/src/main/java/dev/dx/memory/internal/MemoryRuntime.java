package dev.dx.memory.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dx.api.memory.MemoryMetadata;
import dev.dx.memory.internal.files.MemoryFiles;
import dev.dx.memory.internal.index.LuceneIndex;
import dev.dx.memory.internal.index.MemorySearch;
import dev.dx.memory.internal.store.DocumentDb;
import dev.dx.memory.internal.util.Dirs;
import dev.dx.memory.internal.work.Indexer;
import dev.dx.memory.internal.work.Sources;
import dev.dx.util.fs.DirectoryWatcher;
import dev.dx.util.fs.OwnerOnly;

/**
 * What runs while the memory is active: database, index, indexer, file watcher. Opened as a whole, closed as a
 * whole (watcher, then worker, then index writer, then database), and replaced as a whole when the storage settings
 * change.
 *
 * @param config  the configuration it was opened with
 * @param db      stored documents
 * @param index   the Lucene index
 * @param indexer background work
 * @param watcher the memory file watcher
 * @param search  searches
 */
record MemoryRuntime(MemoryConfig config, DocumentDb db, LuceneIndex index, Indexer indexer, DirectoryWatcher watcher,
        MemorySearch search) {
    private static final Logger LOG = LoggerFactory.getLogger(MemoryRuntime.class);
    private static final long COMMIT_INTERVAL_MS = 10_000;
    /** How often memory files are checked when the system has no file notifications left for DX. */
    private static final long NO_NOTIFICATIONS_POLL_MS = 2000;

    /** @return this runtime with another configuration of the settings that apply live */
    MemoryRuntime with(MemoryConfig c) {
        watcher.timing(timing(c));
        return new MemoryRuntime(c, db, index, indexer, watcher, search);
    }

    private static DirectoryWatcher.Timing timing(MemoryConfig c) {
        return new DirectoryWatcher.Timing(c.debounceMs(), TimeUnit.SECONDS.toMillis(c.rescanSeconds()),
                NO_NOTIFICATIONS_POLL_MS);
    }

    /** @return whether going from {@code a} to {@code b} needs the runtime reopened */
    static boolean needsRestart(MemoryConfig a, MemoryConfig b) {
        return !a.indexDir().equals(b.indexDir()) || !a.database().equals(b.database())
                || !Arrays.equals(a.workspaces(), b.workspaces()) || a.chunkTokens() != b.chunkTokens()
                || a.chunkOverlap() != b.chunkOverlap() || a.embedBatchSize() != b.embedBatchSize();
    }

    /**
     * Opens everything and starts the background reconciliation.
     *
     * @param c        the configuration
     * @param listener told when vectors are ready
     * @throws IOException if the database or index cannot be opened (another process holds the index, a folder
     *                     cannot be written)
     */
    static MemoryRuntime open(MemoryConfig c, Indexer.Listener listener) throws IOException {
        Sources sources = new Sources(c.chunkTokens(), c.chunkOverlap());
        List<Path> roots = new ArrayList<>();
        for (String w : c.workspaces()) {
            roots.add(Dirs.resolve(w, Dirs.workspace()));
        }
        if (roots.isEmpty()) {
            roots.add(Dirs.workspace());
        }
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                OwnerOnly.createDirectories(root.resolve(MemoryMetadata.DEFAULT_AGENT));
            }
        }
        Path dbFile = Dirs.resolve(c.database(), Dirs.dataDx().resolve("memory.db"));
        Path indexDir = Dirs.resolve(c.indexDir(), Dirs.dataDx().resolve("memory").resolve("index"));
        DocumentDb db = DocumentDb.open(dbFile);
        LuceneIndex index = null;
        Indexer indexer = null;
        try {
            index = LuceneIndex.open(indexDir);
            if ("missing".equals(index.openedAs())) {
                LOG.info("The memory index {} does not exist yet; building it from the stored documents and memory "
                        + "files", indexDir);
            }
            MemoryFiles files = new MemoryFiles(roots);
            indexer = new Indexer(index, db, files, sources, c.embedBatchSize());
            indexer.listener(listener);
            // watching before the first scan: an edit made meanwhile is reported, not missed
            DirectoryWatcher watcher = new DirectoryWatcher("dx-memory-watch", "the memory files", files::watchedDirs,
                    timing(c), indexer);
            indexer.start(COMMIT_INTERVAL_MS);
            watcher.start();
            LOG.debug("Memory started: index {}, database {}, workspaces {}", indexDir, dbFile, roots);
            return new MemoryRuntime(c, db, index, indexer, watcher, new MemorySearch(index));
        } catch (IOException | RuntimeException e) {
            if (indexer != null) {
                indexer.close();
            }
            if (index != null) {
                index.close();
            }
            db.close();
            throw e;
        }
    }

    /** Stops and closes everything, logging (not throwing) what cannot be closed cleanly. */
    void close() {
        watcher.close();
        indexer.close();
        try {
            index.close();
        } catch (IOException e) {
            LOG.warn("Cannot close the memory index cleanly (it is rebuilt if damaged): {}", e.toString());
        }
        try {
            db.close();
        } catch (IOException e) {
            LOG.warn("Cannot close the memory database: {}", e.toString());
        }
        LOG.debug("Memory stopped");
    }
}
