package dev.dx.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;
import org.osgi.framework.Bundle;

import com.fasterxml.jackson.databind.JsonNode;

import dev.dx.api.session.NewMessage;
import dev.dx.api.session.SessionStore;
import dev.dx.itests.support.WsTestClient;

/** Sessions in the running distribution: RPC over HTTP and WebSocket, events, shell, bundle restarts. */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class SessionsIT extends DxTestSupport {
    private static final String BAD_KEY = "../../etc/passwd";

    private JsonNode call(String method, Object params) throws Exception {
        return http().call(token(), method, params);
    }

    private JsonNode result(String method, Object params) throws Exception {
        JsonNode r = call(method, params);
        assertTrue(method + ": " + r, r.has("result"));
        return r.get("result");
    }

    private static void assertError(JsonNode response, String code) {
        assertTrue(response.toString(), response.has("error"));
        assertEquals(response.toString(), code, response.get("error").get("data").get("code").asText());
        String msg = response.get("error").get("message").asText();
        assertFalse("no stack trace or path in " + msg, msg.contains("Exception") || msg.contains("/work/")
                || msg.contains(".java") || msg.contains("dx.db"));
    }

    private SessionStore store() {
        return waitForService(SessionStore.class, null, TIMEOUT_MS);
    }

    private static Map<String, Object> params(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** What lies under data/dx, to show that bad input touched nothing. */
    private static TreeSet<String> dataFiles() throws IOException {
        Path root = Paths.get(System.getProperty("karaf.data"), "dx");
        try (Stream<Path> files = Files.walk(root)) {
            TreeSet<String> names = new TreeSet<>();
            files.forEach(p -> names.add(root.relativize(p).toString()));
            return names;
        }
    }

    @Test
    public void a_theMethodsOverHttp() throws Exception {
        JsonNode created = result("sessions.create", params("agentId", "main", "routingKey", "agent:main:it:a",
                "metadata", Map.of("title", "IT")));
        String key = created.get("key").asText();
        assertTrue(key, key.matches("[0-7][0-9A-HJKMNP-TV-Z]{25}"));
        assertEquals("ACTIVE", created.get("state").asText());
        assertEquals("IT", created.get("metadata").get("title").asText());

        assertEquals(key, result("sessions.get", params("key", key)).get("key").asText());
        assertEquals(key, result("sessions.get", params("routingKey", "agent:main:it:a")).get("key").asText());
        JsonNode listed = result("sessions.list", params("routingPrefix", "agent:main:it:", "limit", 10));
        assertEquals(key, listed.get("items").get(0).get("key").asText());

        assertError(call("sessions.create", params("agentId", "main", "routingKey", "agent:main:it:a")), "CONFLICT");
        assertError(call("sessions.get", params("key", "01ARZ3NDEKTSV4RRFFQ69G5FAV")), "NOT_FOUND");
        assertError(call("sessions.delete", params("key", "01ARZ3NDEKTSV4RRFFQ69G5FAV")), "NOT_FOUND");
        assertError(call("sessions.get", params()), "INVALID_PARAMS");
        assertError(call("sessions.list", params("limit", 10, "colour", "red")), "INVALID_PARAMS");
        assertError(call("sessions.list", params("state", "sleeping")), "INVALID_PARAMS");

        JsonNode patched = result("sessions.patch", params("key", key, "metadata", params("title", null, "pinned", true),
                "model", "openai/gpt", "inputTokens", 10));
        assertFalse(patched.get("metadata").has("title"));
        assertTrue(patched.get("metadata").get("pinned").asBoolean());
        assertEquals(10, patched.get("inputTokens").asLong());

        List<NewMessage> entries = new ArrayList<>();
        for (int i = 1; i <= 25; i++) {
            entries.add(NewMessage.user("entry " + i));
        }
        store().append(key, entries);
        JsonNode page1 = result("sessions.history", params("key", key, "limit", 10));
        assertEquals(10, page1.get("items").size());
        assertEquals(1, page1.get("items").get(0).get("seq").asLong());
        JsonNode page3 = result("sessions.history", params("key", key, "limit", 10, "cursor", "20"));
        assertEquals(5, page3.get("items").size());
        assertTrue(page3.get("nextCursor").isNull());

        JsonNode export = result("sessions.export", params("key", key));
        String jsonl = export.get("jsonl").asText();
        assertEquals(26, jsonl.split("\n").length);

        JsonNode fresh = result("sessions.reset", params("key", key));
        assertNotEquals(key, fresh.get("key").asText());
        assertEquals("ARCHIVED", result("sessions.get", params("key", key)).get("state").asText());

        assertTrue(result("sessions.delete", params("key", key)).get("deleted").asBoolean());
        assertError(call("sessions.get", params("key", key)), "NOT_FOUND");
        JsonNode imported = result("sessions.import", params("jsonl", jsonl));
        assertEquals(key, imported.get("key").asText());
        assertEquals("its routing key is taken by the reset session", "ARCHIVED", imported.get("state").asText());
        assertEquals(25, result("sessions.history", params("key", key, "limit", 100)).get("items").size());
        JsonNode badImport = call("sessions.import", params("jsonl", jsonl.replace("\"seq\":3", "\"seq\":4")));
        assertError(badImport, "INVALID_PARAMS");
        assertTrue(badImport.toString(), badImport.get("error").get("message").asText().startsWith("Line 4:"));

        JsonNode status = result("status", null);
        assertEquals("ok", status.get("sessions").get("state").asText());
    }

    @Test
    public void b_badKeysAreRefusedAndTouchNothing() throws Exception {
        http();
        TreeSet<String> before = dataFiles();
        for (String method : new String[] {"sessions.get", "sessions.history", "sessions.export", "sessions.reset",
                "sessions.delete", "sessions.patch"}) {
            for (String bad : new String[] {BAD_KEY, "/etc/passwd", "..%2f..%2fetc", "01ARZ3NDEKTSV4RRFFQ69G5FA\u0000"}) {
                Map<String, Object> p = params("key", bad);
                if (method.equals("sessions.patch")) {
                    p.put("model", "x");
                }
                assertError(call(method, p), "INVALID_PARAMS");
            }
        }
        assertEquals(before, dataFiles());
    }

    @Test
    public void c_eventsReachSubscribedWebSocketClients() throws Exception {
        try (WsTestClient ws = connect()) {
            ws.timeout(10_000);
            assertTrue(ws.call(1, "events.subscribe", Map.of("topics", List.of("dx/session/*"))).has("result"));
            ws.request(2, "sessions.create", params("agentId", "main", "routingKey", "agent:main:it:ws"));
            Map<String, JsonNode> seen = readUntil(ws, "2", "dx/session/CREATED");
            String key = seen.get("2").get("result").get("key").asText();
            assertEquals(key, seen.get("dx/session/CREATED").get("key").asText());

            store().append(key, List.of(NewMessage.user("hi"), NewMessage.assistant("hello")));
            JsonNode messages = readUntil(ws, null, "dx/session/MESSAGES").get("dx/session/MESSAGES");
            assertEquals(key, messages.get("key").asText());
            assertEquals(1, messages.get("fromSeq").asLong());
            assertEquals(2, messages.get("toSeq").asLong());

            ws.request(3, "sessions.patch", params("key", key, "model", "m"));
            assertEquals("m", readUntil(ws, "3", "dx/session/UPDATED").get("dx/session/UPDATED").get("model").asText());
            ws.request(4, "sessions.delete", params("key", key));
            assertEquals(key, readUntil(ws, "4", "dx/session/DELETED").get("dx/session/DELETED").get("key").asText());
            assertError(ws.call(5, "sessions.history", params("key", key)), "NOT_FOUND");
        }
    }

    /** Reads frames until the response {@code id} (if any) and an event on {@code topic} arrived. */
    private static Map<String, JsonNode> readUntil(WsTestClient ws, String id, String topic) throws IOException {
        Map<String, JsonNode> seen = new HashMap<>();
        while ((id != null && !seen.containsKey(id)) || !seen.containsKey(topic)) {
            JsonNode n;
            try {
                n = ws.readJson();
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no " + topic + " / response " + id + " within 10 s; got " + seen.keySet());
            }
            if (n == null) {
                throw new AssertionError("connection closed; got " + seen.keySet());
            }
            if (n.has("id")) {
                seen.put(n.get("id").asText(), n);
            } else if ("event".equals(n.path("method").asText())) {
                seen.put(n.get("params").get("topic").asText(), n.get("params").get("payload"));
            }
        }
        return seen;
    }

    @Test
    public void d_shellCommands() throws Exception {
        SessionStore store = store();
        String key = store.create("main", "agent:main:it:shell", Map.of("title", "Shell")).key();
        store.append(key, List.of(NewMessage.user("question for the shell"), NewMessage.assistant("an answer")));

        String list = executeCommand("sessions:list --routing agent:main:it:shell");
        assertTrue(list, list.contains(key) && list.contains("agent:main:it:shell"));
        String show = executeCommand("sessions:show " + key);
        assertTrue(show, show.contains("agent:main:it:shell") && show.contains("question for the shell")
                && show.contains("an answer"));

        Path file = Paths.get(System.getProperty("karaf.data"), "tmp", "it-export-" + key + ".jsonl");
        Files.deleteIfExists(file);
        String exported = executeCommand("sessions:export " + key + " " + file);
        assertTrue(exported, exported.contains("Exported session " + key));
        assertEquals(3, Files.readAllLines(file, StandardCharsets.UTF_8).size());
        String again = executeCommand("sessions:export " + key + " " + file);
        assertTrue(again, again.contains("exists"));

        assertTrue(executeCommand("sessions:delete " + key).contains("Deleted session " + key));
        assertTrue(store.get(key).isEmpty());
        String imported = executeCommand("sessions:import " + file);
        assertTrue(imported, imported.contains("Imported session " + key + " (2 entries"));
        assertEquals(2, store.get(key).orElseThrow().lastSeq());

        Path bad = file.resolveSibling("it-bad.jsonl");
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        Files.write(bad, List.of(lines.get(0), lines.get(1), "{not json"), StandardCharsets.UTF_8);
        store.delete(key);
        String refused = executeCommand("sessions:import " + bad);
        assertTrue(refused, refused.contains("Line 3:") && refused.contains("Nothing was imported"));
        assertTrue(store.get(key).isEmpty());

        String badKey = executeCommand("sessions:show " + BAD_KEY);
        assertTrue(badKey, badKey.contains("26-character ULID"));
        assertTrue(executeCommand("sessions:delete " + BAD_KEY).contains("26-character ULID"));
    }

    @Test
    public void d2_exportsOverTheCapGoThroughTheShell() throws Exception {
        SessionStore store = store();
        String key = store.create("main", "agent:main:it:big", null).key();
        String megabyte = "x".repeat(1 << 20);
        for (int i = 0; i < 5; i++) {
            store.append(key, NewMessage.user(megabyte));
        }
        JsonNode tooLarge = call("sessions.export", params("key", key));
        assertError(tooLarge, "TOO_LARGE");
        assertTrue(tooLarge.toString(), tooLarge.get("error").get("message").asText()
                .contains("sessions:export " + key + " <file>"));
        Path file = Paths.get(System.getProperty("karaf.data"), "tmp", "it-big.jsonl");
        Files.deleteIfExists(file);
        assertTrue(executeCommand("sessions:export " + key + " " + file).contains("Exported session " + key));
        assertTrue(Files.size(file) > 5L << 20);
        Files.delete(file);
        store.delete(key);
    }

    @Test
    public void e_theBundleRestartsAndUpdatesCleanlyAndKeepsItsData() throws Exception {
        SessionStore store = store();
        String key = store.create("main", "agent:main:it:restart", null).key();
        store.append(key, NewMessage.user("before the restarts"));
        assertEquals(key, result("sessions.get", params("key", key)).get("key").asText());
        // the database service holds at most: the writer and four readers (database and WAL each) and the shared
        // memory file, however many subsystems use it
        long filesBefore = Math.max(openDatabaseFiles(), 2 * (1 + 4) + 1);
        int threadsBefore = Thread.getAllStackTraces().size();

        long session = bundle("dev.dx.session").getBundleId();
        long db = bundle("dev.dx.db").getBundleId();
        long sqlite = bundle("org.xerial.sqlite-jdbc").getBundleId();
        long api = bundle("dev.dx.api").getBundleId();
        // sqlite-jdbc is a singleton: a new revision of it only resolves through a refresh, which also gives it a new
        // class loader that loads the native library again, the case that matters
        String[] commands = {"bundle:restart " + session, "bundle:restart " + session, "bundle:update " + session,
            "bundle:restart " + db, "bundle:restart " + sqlite, "bundle:refresh " + sqlite, "bundle:update -r " + api};
        for (String command : commands) {
            String out = executeCommand(command);
            assertFalse(out, out.contains("Error"));
            JsonNode back = await("sessions.get answers after " + command, TIMEOUT_MS, () -> {
                JsonNode r = call("sessions.get", params("key", key));
                return r.has("result") ? r.get("result") : null;
            });
            assertEquals(1, back.get("lastSeq").asLong());
            // a refresh finishes in the background: retry until the write goes through too
            JsonNode patched = await("sessions.patch answers after " + command, TIMEOUT_MS, () -> {
                JsonNode r = call("sessions.patch", params("key", key, "model", command));
                return r.has("result") ? r.get("result") : null;
            });
            assertEquals(command, patched.get("model").asText());
        }
        // the test's own wiring still points at the API revision from before the refresh: use RPC from here on
        assertEquals(1, await("history after the refreshes", TIMEOUT_MS, () -> {
            JsonNode r = call("sessions.history", params("key", key));
            return r.has("result") ? r.get("result") : null;
        }).get("items").size());
        await("no database files left open by old instances (before: " + filesBefore + ")", TIMEOUT_MS,
                () -> openDatabaseFiles() <= filesBefore);
        await("no threads left behind (before: " + threadsBefore + ")", TIMEOUT_MS,
                () -> Thread.getAllStackTraces().size() <= threadsBefore + 8);
        assertEquals("ok", await("status after the refreshes", TIMEOUT_MS, () -> {
            JsonNode r = call("status", null);
            return r.has("result") && r.get("result").has("sessions") ? r.get("result") : null;
        }).get("sessions").get("state").asText());
    }

    private Bundle bundle(String bsn) {
        for (Bundle b : bundleContext.getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + bsn);
    }

    /** @return how many file descriptors of this JVM point at dx.db and its WAL and shared-memory files */
    private static long openDatabaseFiles() throws IOException {
        try (Stream<Path> fds = Files.list(Paths.get("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().contains("dx.db");
                } catch (IOException e) {
                    return false;
                }
            }).count();
        }
    }
}
