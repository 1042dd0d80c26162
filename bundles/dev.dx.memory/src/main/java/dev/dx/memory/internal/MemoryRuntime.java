package dev.dx.memory.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dx.api.memory.MemoryMetadata;
import dev.dx.memory.internal.files.FileWatcher;
import dev.dx.memory.internal.files.MemoryFiles;
import dev.dx.memory.internal.index.LuceneIndex;
import dev.dx.memory.internal.index.MemorySearch;
import dev.dx.memory.internal.store.DocumentDb;
import dev.dx.memory.internal.util.Dirs;
import dev.dx.memory.internal.work.Indexer;
import dev.dx.memory.internal.work.Sources;

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
record MemoryRuntime(MemoryConfig config, DocumentDb db, LuceneIndex index, Indexer indexer, FileWatcher watcher,
        MemorySearch search) {
    private static final Logger LOG = LoggerFactory.getLogger(MemoryRuntime.class);
    private static final long COMMIT_INTERVAL_MS = 10_000;

    /** @return this runtime with another configuration of the settings that apply live */
    MemoryRuntime with(MemoryConfig c) {
        return new MemoryRuntime(c, db, index, indexer, watcher, search);
    }

    /** @return whether going from {@code a} to {@code b} needs the runtime reopened */
    static boolean needsRestart(MemoryConfig a, MemoryConfig b) {
        return !a.indexDir().equals(b.indexDir()) || !a.database().equals(b.database())
                || !Arrays.equals(a.workspaces(), b.workspaces()) || a.chunkTokens() != b.chunkTokens()
                || a.chunkOverlap() != b.chunkOverlap() || a.embedBatchSize() != b.embedBatchSize()
                || a.debounceMs() != b.debounceMs() || a.rescanSeconds() != b.rescanSeconds();
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
                Files.createDirectories(root.resolve(MemoryMetadata.DEFAULT_AGENT));
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
            indexer.start(COMMIT_INTERVAL_MS);
            FileWatcher watcher = new FileWatcher(files, c.debounceMs(), c.rescanSeconds() * 1000, indexer);
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
        try {
            watcher.close();
        } catch (IOException e) {
            LOG.warn("Cannot stop the memory file watcher: {}", e.toString());
        }
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
