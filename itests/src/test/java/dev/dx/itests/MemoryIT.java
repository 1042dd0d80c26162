package dev.dx.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.vmOption;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.Bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import dev.dx.api.rpc.RpcMethod;
import dev.dx.api.tool.Tool;
import dev.dx.api.tool.ToolInvocation;
import dev.dx.api.tool.ToolResult;

/**
 * Memory in the running distribution: store and search over RPC with the built-in ONNX model, the agent tools,
 * workspace memory files picked up by the watcher, a rebuild after the index folder is deleted across a bundle
 * restart, and a hot swap to an HTTP embedder (a small OpenAI-compatible server inside the test).
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class MemoryIT extends DxTestSupport {
    private static final long MODEL_TIMEOUT_MS = 120_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected Option[] extraOptions() {
        // -Xss512k as bin/setenv sets it: ONNX Runtime must not run on such small stacks (it crashed the JVM)
        return new Option[] {editConfigurationFilePut("etc/dev.dx.memory.cfg", "debounceMs", "50"),
                vmOption("-Xss512k")};
    }

    private JsonNode call(String method, Object params) throws Exception {
        waitForService(RpcMethod.class, "(dx.rpc.method=" + method + ")", TIMEOUT_MS);
        JsonNode r = http().call(token(), method, params);
        if (r.has("error")) {
            throw new AssertionError(method + " failed: " + r);
        }
        return r.get("result");
    }

    private List<String> hits(String query, String mode) throws Exception {
        List<String> ids = new ArrayList<>();
        for (JsonNode h : call("memory.search", Map.of("query", query, "mode", mode)).get("hits")) {
            ids.add(h.get("documentId").asText());
        }
        return ids;
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Path part = file.resolveSibling("." + file.getFileName() + ".part");
        Files.writeString(part, text, StandardCharsets.UTF_8);
        Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static Path workspace() {
        return Paths.get(System.getProperty("karaf.home"), "workspace", "main");
    }

    @Test
    public void a_storeAndSearchOverRpcWithTheLocalModel() throws Exception {
        String id = call("memory.store", Map.of("text", "The dentist appointment is on Tuesday at nine.",
                "tags", List.of("health"))).get("id").asText();
        call("memory.store", Map.of("text", "Buy oat milk and bread on the way home."));
        String zh = call("memory.store", Map.of("text", "我明天要去东京看牙医。")).get("id").asText();
        // searchable by text at once
        assertEquals(List.of(id), hits("dentist", "text"));
        assertEquals(List.of(zh), hits("东京", "text"));

        // by meaning once the local model (ONNX Runtime inside Karaf) has embedded them
        JsonNode status = await("vectors from the local model", MODEL_TIMEOUT_MS, () -> {
            JsonNode s = call("memory.status", null);
            return s.get("vectorsReady").asBoolean() ? s : null;
        });
        assertEquals("local-minilm", status.get("embedder").asText());
        assertEquals(384, status.get("dimension").asInt());
        assertEquals("ok", status.get("state").asText());
        JsonNode r = call("memory.search", Map.of("query", "when do I see the tooth doctor?", "limit", 3));
        assertEquals("hybrid", r.get("mode").asText().toLowerCase());
        assertTrue(r.get("vectorsReady").asBoolean());
        assertEquals(r.toString(), id, r.get("hits").get(0).get("documentId").asText());
        assertEquals(id, hits("tooth doctor visit", "semantic").get(0));

        JsonNode got = call("memory.get", Map.of("id", id));
        assertEquals("The dentist appointment is on Tuesday at nine.", got.get("text").asText());
        assertEquals("health", got.get("metadata").get("tags").get(0).asText());
        JsonNode bad = http().call(token(), "memory.search", Map.of("query", "x", "mode", "fuzzy"));
        assertEquals("INVALID_PARAMS", bad.get("error").get("data").get("code").asText());

        Tool search = waitForService(Tool.class, "(dx.tool.name=memory_search)", TIMEOUT_MS);
        ToolResult tr = search.invoke(new ToolInvocation("c1", "main", "s1", "r1", workspace(),
                Map.of("query", "dentist appointment")));
        assertFalse(tr.content(), tr.error());
        assertTrue(tr.content(), tr.content().contains(id));
        Tool get = waitForService(Tool.class, "(dx.tool.name=memory_get)", TIMEOUT_MS);
        assertTrue(get.invoke(new ToolInvocation("c2", "main", "s1", "r1", workspace(), Map.of("id", id))).content()
                .contains("Tuesday at nine"));

        String shell = executeCommand("memory:search -m text dentist");
        assertTrue(shell, shell.contains(id));
        shell = executeCommand("memory:status");
        assertTrue(shell, shell.contains("local-minilm") && shell.contains("Vectors ready"));

        call("memory.delete", Map.of("id", zh));
        assertEquals(List.of(), hits("东京", "text"));

        String stored = executeCommand("memory:store -t errand Pick up the parcel at the post office").trim();
        assertTrue(stored, stored.startsWith("Stored "));
        String parcel = stored.substring("Stored ".length()).trim();
        assertEquals(List.of(parcel), hits("parcel", "text"));
        call("memory.reindex", null);
        awaitRebuilt();
        assertEquals("the rebuild keeps what was stored", List.of(parcel), hits("parcel", "text"));
        assertEquals(List.of(), hits("东京", "text"));
        String shell2 = executeCommand("memory:reindex");
        assertTrue(shell2, shell2.contains("in the background"));
        awaitRebuilt();
        assertEquals(List.of(parcel), hits("parcel", "text"));
    }

    private void awaitRebuilt() throws Exception {
        await("the rebuild to finish", MODEL_TIMEOUT_MS, () -> {
            JsonNode s = call("memory.status", null);
            return !s.get("reindexing").asBoolean() && s.get("vectorsReady").asBoolean();
        });
    }

    @Test
    public void b_memoryFilesAreWatched() throws Exception {
        write(workspace().resolve("MEMORY.md"), "# User\n\nPrefers green tea over coffee.\nAllergic to peanuts.\n");
        await("MEMORY.md indexed", TIMEOUT_MS, () -> hits("peanuts", "text").contains("file:main/MEMORY.md"));
        write(workspace().resolve("memory").resolve("2024-05-01.md"), "Booked the flight to Lisbon for June.\n");
        await("the daily note indexed", TIMEOUT_MS,
                () -> hits("lisbon", "text").contains("file:main/memory/2024-05-01.md"));
        write(workspace().resolve("MEMORY.md"), "# User\n\nPrefers green tea over coffee.\nAllergic to shellfish.\n");
        await("the edit indexed", TIMEOUT_MS, () -> hits("peanuts", "text").isEmpty()
                && hits("shellfish", "text").contains("file:main/MEMORY.md"));
    }

    @Test
    public void c_aDeletedIndexIsRebuiltAcrossABundleRestart() throws Exception {
        Bundle memory = null;
        for (Bundle b : bundleContext.getBundles()) {
            if ("dev.dx.memory".equals(b.getSymbolicName())) {
                memory = b;
            }
        }
        assertTrue("dev.dx.memory installed", memory != null);
        boolean notifications = "notifications".equals(call("memory.status", null).get("fileWatching").asText());
        long inotify = openFiles().stream().filter(f -> f.contains("inotify")).count();
        memory.stop();
        // a stopped memory leaves nothing running and nothing open: threads, index and database files, notifications
        await("the memory's threads ended", TIMEOUT_MS, () -> memoryThreads().isEmpty());
        Path data = Paths.get(System.getProperty("karaf.data"), "dx").toRealPath();
        List<String> open = openFiles().stream().filter(f -> f.startsWith(data.resolve("memory").toString())
                || f.startsWith(data.resolve("memory.db").toString())).toList();
        assertEquals("files the stopped memory still holds", List.of(), open);
        if (notifications) {
            assertTrue("the file watcher's inotify instance was released",
                    openFiles().stream().filter(f -> f.contains("inotify")).count() < inotify);
        }
        Path index = Paths.get(System.getProperty("karaf.data"), "dx", "memory", "index");
        try (Stream<Path> walk = Files.walk(index)) {
            for (Path p : walk.sorted((x, y) -> y.getNameCount() - x.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
        memory.start();
        await("stored memories back", TIMEOUT_MS, () -> hits("dentist", "text").size() == 1);
        await("memory files back", TIMEOUT_MS, () -> hits("shellfish", "text").contains("file:main/MEMORY.md"));
        await("vectors back", MODEL_TIMEOUT_MS, () -> call("memory.status", null).get("vectorsReady").asBoolean());
        assertTrue(log().contains("Building the memory index"));
        assertEquals(Bundle.ACTIVE, memory.getState());
    }

    @Test
    public void d_theEmbedderIsHotSwappedToAnHttpEmbedder() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/embeddings", x -> {
            try {
                release.await(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            requests.incrementAndGet();
            JsonNode req = JSON.readTree(x.getRequestBody());
            List<Map<String, Object>> data = new ArrayList<>();
            int i = 0;
            for (JsonNode in : req.get("input")) {
                data.add(Map.of("index", i++, "embedding", letters(in.asText())));
            }
            byte[] body = JSON.writeValueAsBytes(Map.of("object", "list", "data", data));
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        server.start();
        Path etc = Paths.get(System.getProperty("karaf.etc"));
        try {
            write(etc.resolve("dev.dx.embedder-fake.cfg"), "url = http://127.0.0.1:" + server.getAddress().getPort()
                    + "\nmodel = letters\ndimension = 8\n");
            write(etc.resolve("dev.dx.memory.cfg"), "embedder = fake\ndebounceMs = 50\n");
            await("the memory uses the HTTP embedder", TIMEOUT_MS, () -> {
                JsonNode s = call("memory.status", null);
                return "fake".equals(s.get("embedder").asText()) && s.get("embedderReady").asBoolean();
            });
            // while the new vectors are computed, search answers with text and says so
            JsonNode during = call("memory.search", Map.of("query", "dentist appointment"));
            assertEquals("text", during.get("mode").asText().toLowerCase());
            assertFalse(during.get("vectorsReady").asBoolean());
            assertTrue(during.toString(), during.get("note").asText().contains("fake"));
            assertTrue(during.toString(), during.get("hits").size() > 0);
            assertTrue(call("memory.status", null).get("reindexing").asBoolean());
            release.countDown();
            await("vectors of the HTTP embedder", TIMEOUT_MS,
                    () -> call("memory.status", null).get("vectorsReady").asBoolean());
            JsonNode after = call("memory.search", Map.of("query", "dentist appointment"));
            assertEquals("hybrid", after.get("mode").asText().toLowerCase());
            assertEquals(8, call("memory.status", null).get("dimension").asInt());
            assertTrue(requests.get() > 0);
        } finally {
            release.countDown();
            Files.deleteIfExists(etc.resolve("dev.dx.embedder-fake.cfg"));
            server.stop(0);
        }
    }

    private static List<String> memoryThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("dx-memory") || n.startsWith("Lucene Merge Thread")).toList();
    }

    /** @return what this JVM's file descriptors point to (Linux; empty elsewhere) */
    private static List<String> openFiles() throws IOException {
        Path fds = Paths.get("/proc/self/fd");
        if (!Files.isDirectory(fds)) {
            return List.of();
        }
        List<String> targets = new ArrayList<>();
        try (Stream<Path> list = Files.list(fds)) {
            for (Path fd : list.toList()) {
                try {
                    targets.add(Files.readSymbolicLink(fd).toString());
                } catch (IOException e) {
                    // closed since it was listed
                }
            }
        }
        return targets;
    }

    /** A crude 8-dimensional embedding: how often letter groups occur. */
    private static float[] letters(String text) {
        float[] v = new float[8];
        for (char c : text.toLowerCase().toCharArray()) {
            if (c >= 'a' && c <= 'z') {
                v[(c - 'a') % 8] += 1;
            }
        }
        v[7] += 0.5f;
        return v;
    }
}
