package dev.dx.memory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dx.api.memory.MemoryDocument;
import dev.dx.api.memory.MemoryHit;
import dev.dx.api.memory.MemoryMetadata;
import dev.dx.api.memory.MemoryStatus;
import dev.dx.api.memory.SearchMode;
import dev.dx.api.memory.SearchOptions;
import dev.dx.api.memory.SearchResult;
import dev.dx.testsupport.await.Await;
import dev.dx.testsupport.component.Configs;

/** The memory component on a real Lucene index and SQLite file in a temporary folder. */
class MemoryServiceTest {
    private static final long TIMEOUT = 20_000;

    @TempDir
    Path tmp;

    private MemoryService service;
    private HashingEmbedder embedder;
    private Map<String, Object> settings;

    @BeforeEach
    void start() throws Exception {
        embedder = new HashingEmbedder("test", 64);
        settings = new HashMap<>(Map.of("embedder", "test", "indexDir", tmp.resolve("index").toString(),
                "database", tmp.resolve("memory.db").toString(),
                "workspaces", new String[] {tmp.resolve("workspace").toString()},
                "debounceMs", 20L, "rescanSeconds", 5L, "chunkTokens", 40, "chunkOverlap", 8));
        service = new MemoryService();
        service.addEmbedder(embedder);
        service.activate(config());
    }

    @AfterEach
    void stop() {
        if (service != null) {
            service.deactivate();
        }
    }

    private MemoryConfig config() {
        return Configs.of(MemoryConfig.class, settings);
    }

    private void restart() throws Exception {
        service.deactivate();
        service = new MemoryService();
        service.addEmbedder(embedder);
        service.activate(config());
    }

    @Test
    void memoriesAreReadableByTheirOwnerOnly() throws Exception {
        Assumptions.assumeTrue(tmp.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path dx = tmp.resolve("data").resolve("dx");
        settings.put("database", dx.resolve("memory.db").toString());
        settings.put("indexDir", dx.resolve("memory").resolve("index").toString());
        restart();
        store("The safe combination is 4-8-15", "main");
        for (Path dir : List.of(dx, dx.resolve("memory"), dx.resolve("memory").resolve("index"))) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)), dir.toString());
        }
        for (String file : List.of("memory.db", "memory.db-wal")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dx.resolve(file))),
                    file);
        }
    }

    private String store(String text, String agent, String... tags) {
        return service.store(MemoryDocument.of(text, new MemoryMetadata(null, null, agent, null, List.of(tags))));
    }

    private List<String> ids(String query, SearchMode mode) {
        return service.search(query, SearchOptions.of(mode, 10)).hits().stream().map(MemoryHit::documentId).toList();
    }

    private void awaitVectors() {
        Await.until("vectors ready", TIMEOUT, () -> service.status().vectorsReady());
    }

    private static void write(Path file, String text) throws Exception {
        Files.createDirectories(file.getParent());
        Path part = file.resolveSibling(file.getFileName() + ".part");
        Files.writeString(part, text, StandardCharsets.UTF_8);
        Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void aStoredMemoryIsFoundByTextAtOnceAndByMeaningOnceEmbedded() {
        String dentist = store("The dentist appointment is on Tuesday at nine.", "main", "health");
        store("Buy oat milk and bread on the way home.", "main", "shopping");
        // no waiting: text search sees it when store returns
        assertEquals(List.of(dentist), ids("dentist", SearchMode.TEXT));
        awaitVectors();
        SearchResult r = service.search("when is my dentist appointment", SearchOptions.defaults());
        assertEquals(SearchMode.HYBRID, r.mode());
        assertTrue(r.vectorsReady());
        assertEquals("", r.note());
        MemoryHit top = r.hits().get(0);
        assertEquals(dentist, top.documentId());
        assertEquals("note", top.source());
        assertEquals(List.of("health"), top.tags());
        assertEquals(1, top.startLine());
        assertTrue(top.score() > r.hits().get(1).score());
        assertTrue(top.textScore() > 0 && top.vectorScore() > 0);
        assertEquals(dentist, ids("dentist appointment nine", SearchMode.SEMANTIC).get(0));
        MemoryStatus s = service.status();
        assertEquals("ok", s.state());
        assertEquals(2, s.documents());
        assertEquals(2, s.chunks());
        assertEquals(0, s.queued());
        assertEquals(1.0, s.progress());
    }

    @Test
    void filtersByAgentSourceTagAndDate() {
        String a = service.store(MemoryDocument.of("Passport renewal form sent",
                new MemoryMetadata("chat", null, "main", Instant.parse("2024-03-01T10:00:00Z"), List.of("admin"))));
        String b = service.store(MemoryDocument.of("Passport photo appointment",
                new MemoryMetadata("note", null, "work", Instant.parse("2024-06-01T10:00:00Z"), List.of("admin", "todo"))));
        SearchOptions base = SearchOptions.of(SearchMode.TEXT, 10);
        assertEquals(2, service.search("passport", base).hits().size());
        assertEquals(List.of(b), hitIds(new SearchOptions(SearchMode.TEXT, 10, "work", null, null, null, null)));
        assertEquals(List.of(a), hitIds(new SearchOptions(SearchMode.TEXT, 10, null, "chat", null, null, null)));
        assertEquals(List.of(b), hitIds(new SearchOptions(SearchMode.TEXT, 10, null, null, List.of("admin", "todo"),
                null, null)));
        assertEquals(List.of(b), hitIds(new SearchOptions(SearchMode.TEXT, 10, null, null, null,
                Instant.parse("2024-05-01T00:00:00Z"), null)));
        assertEquals(List.of(a), hitIds(new SearchOptions(SearchMode.TEXT, 10, null, null, null, null,
                Instant.parse("2024-05-01T00:00:00Z"))));
        awaitVectors();
        assertEquals(List.of(b), hitIds(new SearchOptions(SearchMode.SEMANTIC, 10, "work", null, null, null, null)));
    }

    private List<String> hitIds(SearchOptions o) {
        return service.search("passport", o).hits().stream().map(MemoryHit::documentId).toList();
    }

    @Test
    void chineseAndJapaneseTextIsSearchable() {
        String zh = store("我明天要去东京看牙医。", "main");
        String ja = store("来週の火曜日に歯医者の予約があります。", "main");
        assertEquals(List.of(zh), ids("东京", SearchMode.TEXT));
        assertEquals(List.of(zh), ids("牙医", SearchMode.TEXT));
        assertEquals(List.of(ja), ids("歯医者", SearchMode.TEXT));
        assertEquals(List.of(ja), ids("予約", SearchMode.TEXT));
    }

    @Test
    void getReplaceAndDelete() {
        String id = store("first version", "main");
        assertEquals("first version", service.get(id).orElseThrow().text());
        assertEquals(id, service.store(new MemoryDocument(id, "second version", null)));
        assertEquals("second version", service.get(id).orElseThrow().text());
        assertEquals(List.of(), ids("first", SearchMode.TEXT));
        assertEquals(List.of(id), ids("second", SearchMode.TEXT));
        assertTrue(service.delete(id));
        assertFalse(service.delete(id));
        assertTrue(service.get(id).isEmpty());
        assertEquals(List.of(), ids("second", SearchMode.TEXT));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> store(" ", "main")).getMessage().contains("empty"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> service.store(new MemoryDocument("file:main/MEMORY.md", "x", null))).getMessage()
                .contains("memory file"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> service.store(new MemoryDocument("a b", "x", null))).getMessage().contains("letters"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> service.store(MemoryDocument.of("x",
                new MemoryMetadata("file", null, null, null, null)))).getMessage().contains("reserved"));
    }

    @Test
    void memoryFilesAreIndexedWatchedAndRemoved() throws Exception {
        Path ws = tmp.resolve("workspace").resolve("main");
        write(ws.resolve("MEMORY.md"), "# About the user\n\nPrefers green tea over coffee.\nAllergic to peanuts.\n");
        List<MemoryHit> hits = Await.until("MEMORY.md indexed", TIMEOUT, () -> {
            List<MemoryHit> h = service.search("peanuts", SearchOptions.of(SearchMode.TEXT, 5)).hits();
            return h.isEmpty() ? null : h;
        });
        MemoryHit h = hits.get(0);
        assertEquals("file:main/MEMORY.md", h.documentId());
        assertEquals("file", h.source());
        assertEquals("MEMORY.md", h.path());
        assertEquals("main", h.agent());
        assertEquals(1, h.startLine());
        assertEquals(4, h.endLine());
        assertTrue(service.get("file:main/MEMORY.md").orElseThrow().text().contains("green tea"));
        assertThrows(IllegalArgumentException.class, () -> service.delete("file:main/MEMORY.md"));

        // a new daily note in a new folder, then an edit, then a deletion
        write(ws.resolve("memory").resolve("2024-05-01.md"), "Booked the flight to Lisbon.\n");
        Await.until("daily note indexed", TIMEOUT, () -> ids("lisbon", SearchMode.TEXT).contains(
                "file:main/memory/2024-05-01.md"));
        MemoryHit note = service.search("lisbon", SearchOptions.of(SearchMode.TEXT, 5)).hits().get(0);
        assertEquals(Instant.parse("2024-05-01T00:00:00Z"), note.created());
        write(ws.resolve("MEMORY.md"), "# About the user\n\nPrefers green tea over coffee.\nAllergic to shellfish.\n");
        Await.until("edit seen", TIMEOUT, () -> ids("shellfish", SearchMode.TEXT).size() == 1
                && ids("peanuts", SearchMode.TEXT).isEmpty());
        Files.delete(ws.resolve("memory").resolve("2024-05-01.md"));
        Await.until("deletion seen", TIMEOUT, () -> ids("lisbon", SearchMode.TEXT).isEmpty());
        assertEquals(1, service.status().files());
    }

    @Test
    void editingAFileReEmbedsOnlyThePassagesThatChanged() throws Exception {
        Path file = tmp.resolve("workspace").resolve("main").resolve("MEMORY.md");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            text.append("Line ").append(i).append(" mentions topic").append(i).append(" and nothing else.\n");
        }
        write(file, text.toString());
        Await.until("file indexed and embedded", TIMEOUT, () -> service.status().chunks() > 2
                && service.status().vectorsReady());
        long chunks = service.status().chunks();
        int before = embedder.texts();
        write(file, text + "A new last line about the garden.\n");
        Await.until("edit indexed and embedded", TIMEOUT, () -> !ids("garden", SearchMode.TEXT).isEmpty()
                && service.status().vectorsReady());
        int reembedded = embedder.texts() - before;
        assertTrue(reembedded >= 1 && reembedded < chunks, "re-embedded " + reembedded + " of " + chunks);
    }

    @Test
    void restartKeepsMemoriesAndAMissingIndexIsRebuilt() throws Exception {
        String id = store("The spare key is under the blue flower pot.", "main");
        write(tmp.resolve("workspace").resolve("main").resolve("MEMORY.md"), "The wifi password is on the fridge.\n");
        Await.until("file indexed", TIMEOUT, () -> !ids("fridge", SearchMode.TEXT).isEmpty());
        awaitVectors();
        restart();
        assertEquals(List.of(id), ids("flower pot", SearchMode.TEXT));
        awaitVectors();

        service.deactivate();
        deleteTree(tmp.resolve("index"));
        service = new MemoryService();
        service.addEmbedder(embedder);
        service.activate(config());
        Await.until("rebuilt from the database", TIMEOUT, () -> ids("flower pot", SearchMode.TEXT).equals(List.of(id)));
        Await.until("rebuilt from the files", TIMEOUT, () -> ids("fridge", SearchMode.TEXT).size() == 1);
        awaitVectors();
        assertEquals(id, ids("spare key flower", SearchMode.HYBRID).get(0));
    }

    @Test
    void aCrashWhileIndexingLosesNoAcknowledgedMemory() throws Exception {
        List<String> ids = new java.util.ArrayList<>();
        embedder.failWith("the model is busy");   // vectors stay pending: the index is mid-work
        for (int i = 0; i < 120; i++) {
            ids.add(store("Note " + i + " about the garden, marker zq" + i + "x", "main"));
        }
        embedder.failWith(null);                  // embedding resumes while the files are taken
        // What a kill -9 leaves: the files as they are at this instant, the running service never closing them.
        Path crashed = tmp.resolve("crashed");
        for (Path dir : List.of(tmp.resolve("index"), tmp)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    Path to = crashed.resolve(tmp.relativize(f));
                    Files.createDirectories(to.getParent());
                    Files.copy(f, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        settings.put("indexDir", crashed.resolve("index").toString());
        settings.put("database", crashed.resolve("memory.db").toString());
        settings.put("workspaces", new String[] {crashed.resolve("workspace").toString()});
        MemoryService first = service;
        service = new MemoryService();
        service.addEmbedder(embedder);
        service.activate(config());
        first.deactivate();
        // Start reconciles the index with the database in the background: what the crash kept from the index only
        // lacks what was not committed yet, and the database has all of it.
        Await.until("every acknowledged note searchable", TIMEOUT, () -> java.util.stream.IntStream
                .range(0, ids.size()).allMatch(i -> ids("zq" + i + "x", SearchMode.TEXT).equals(List.of(ids.get(i)))));
        awaitVectors();
        assertEquals(ids.size(), service.status().documents());
        assertEquals(List.of(ids.get(119)), ids("zq119x", SearchMode.HYBRID).subList(0, 1));
    }

    @Test
    void aCorruptIndexIsRebuiltFromTheSources() throws Exception {
        String id = store("Remember to water the tomatoes every morning.", "main");
        service.deactivate();
        try (Stream<Path> files = Files.list(tmp.resolve("index"))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (!f.getFileName().toString().equals("write.lock")) {
                    byte[] b = Files.readAllBytes(f);
                    for (int i = 0; i < b.length; i += 7) {
                        b[i] ^= 0x5A;
                    }
                    Files.write(f, b);
                }
            }
        }
        service = new MemoryService();
        service.addEmbedder(embedder);
        service.activate(config());
        Await.until("rebuilt", TIMEOUT, () -> ids("tomatoes", SearchMode.TEXT).equals(List.of(id)));
    }

    @Test
    void switchingTheEmbedderReembedsInTheBackgroundWhileSearchAnswersByText() throws Exception {
        String id = store("The car needs new winter tyres before November.", "main");
        awaitVectors();
        HashingEmbedder other = new HashingEmbedder("other", 32);
        other.failWith("not yet");
        service.addEmbedder(other);
        settings.put("embedder", "other");
        service.modified(config());
        SearchResult during = service.search("winter tyres", SearchOptions.defaults());
        assertEquals(SearchMode.TEXT, during.mode());
        assertFalse(during.vectorsReady());
        assertTrue(during.note().contains("other"), during.note());
        assertEquals(List.of(id), during.hits().stream().map(MemoryHit::documentId).toList());
        MemoryStatus s = Await.until("the failure is reported", TIMEOUT, () -> {
            MemoryStatus st = service.status();
            return st.problems().isEmpty() ? null : st;
        });
        assertEquals("degraded", s.state());
        assertTrue(s.reindexing());
        assertEquals(32, s.dimension());
        other.failWith(null);
        Await.until("vectors of the new embedder", TIMEOUT, () -> service.status().vectorsReady());
        SearchResult after = service.search("winter tyres", SearchOptions.defaults());
        assertEquals(SearchMode.HYBRID, after.mode());
        assertEquals(id, after.hits().get(0).documentId());

        // an embedder that disappears leaves text search working and says so
        service.removeEmbedder(other);
        SearchResult none = service.search("winter tyres", SearchOptions.defaults());
        assertEquals(SearchMode.TEXT, none.mode());
        assertTrue(none.note().contains("not available"), none.note());
        assertEquals("degraded", service.status().state());
    }

    @Test
    void reindexRebuildsEverything() {
        String id = store("Anniversary dinner at the Italian place on the 14th.", "main");
        awaitVectors();
        MemoryStatus started = service.reindex();
        assertTrue(started.reindexing());
        Await.until("rebuilt and embedded", TIMEOUT, () -> {
            MemoryStatus s = service.status();
            return !s.reindexing() && s.vectorsReady() && s.chunks() == 1;
        });
        assertEquals(id, ids("anniversary dinner", SearchMode.HYBRID).get(0));
    }

    private static void deleteTree(Path dir) throws Exception {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }
}
