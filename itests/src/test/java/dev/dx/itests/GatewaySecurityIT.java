package dev.dx.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.inject.Inject;

import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.Option;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import com.fasterxml.jackson.databind.JsonNode;

import dev.dx.itests.support.HttpRpc;
import dev.dx.itests.support.PipelinedHttp;
import dev.dx.itests.support.WsTestClient;

/**
 * Every line of the Gateway section of SECURITY-TESTS.md, each refusal with the allowed twin beside it. The container
 * runs with tight limits so that each limit can be reached quickly.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class GatewaySecurityIT extends DxTestSupport {
    private static final String ALLOWED = "https://allowed.example";
    /** Every token this class has seen, to prove none of them reached the logs. */
    private static final List<String> SEEN_TOKENS = new CopyOnWriteArrayList<>();

    @Inject
    protected EventAdmin eventAdmin;
    @Inject
    protected ConfigurationAdmin configAdmin;

    private static final long LOCKOUT_MS = 4000;

    @Override
    protected Option[] extraOptions() {
        String cfg = "etc/dev.dx.gateway.cfg";
        return new Option[] {
            editConfigurationFilePut(cfg, "allowedOrigins", ALLOWED),
            editConfigurationFilePut(cfg, "authFailuresBeforeLockout", "5"),
            // long enough for the checks made inside one lockout on a loaded machine, short enough to wait out
            editConfigurationFilePut(cfg, "authLockoutMs", Long.toString(LOCKOUT_MS)),
            editConfigurationFilePut(cfg, "maxMessageBytes", "1048576"),
            editConfigurationFilePut(cfg, "maxConnectionsPerAddress", "8"),
            editConfigurationFilePut(cfg, "outboundBufferBytes", "262144"),
            editConfigurationFilePut(cfg, "writeTimeoutMs", "3000"),
            editConfigurationFilePut(cfg, "idleTimeoutMs", "1500"),
            editConfigurationFilePut(cfg, "pingIntervalMs", "500"),
            editConfigurationFilePut(cfg, "authTimeoutMs", "1000"),
            editConfigurationFilePut(cfg, "requestsPerSecond", "50"),
            editConfigurationFilePut(cfg, "requestBurst", "50"),
        };
    }

    private String owner() {
        String t = token();
        if (!SEEN_TOKENS.contains(t)) {
            SEEN_TOKENS.add(t);
        }
        return t;
    }

    private static String rpc(String method) {
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\"}";
    }

    private static String code(JsonNode response) {
        return response.path("error").path("data").path("code").asText("ok");
    }

    @Test
    public void a_badTokensAreRefusedAndTheRightOneWorks() throws Exception {
        HttpRpc http = http();
        String good = owner();
        assertEquals("missing", 401, http.post("/rpc", rpc("health"), Map.of()).status());
        assertEquals("wrong", 401, http.post("/rpc", rpc("health"), Map.of("Authorization", "Bearer dxg_wrong")).status());
        assertEquals("empty", 401, http.post("/rpc", rpc("health"), Map.of("Authorization", "Bearer ")).status());
        assertEquals("padded", 401, http.post("/rpc", rpc("health"), Map.of("Authorization", "Bearer  " + good)).status());
        assertEquals("not bearer", 401, http.post("/rpc", rpc("health"), Map.of("Authorization", "Basic " + good)).status());
        HttpRpc.Reply inQuery = http.post("/rpc?token=" + good, rpc("health"), Map.of());
        assertEquals("token only in the URL", 401, inQuery.status());
        assertTrue(inQuery.body(), inQuery.body().contains("URL"));
        assertEquals("bearer", inQuery.header("WWW-Authenticate").split(" ")[0].toLowerCase());
        // the twin: exactly the right token in the header
        HttpRpc.Reply ok = http.post("/rpc", rpc("health"), Map.of("Authorization", "Bearer " + good));
        assertEquals(200, ok.status());
        assertTrue(ok.json().get("result").get("ok").asBoolean());

        try (WsTestClient ws = WsTestClient.open(httpPort(), Map.of())) {
            JsonNode r = ws.call(1, "connect", Map.of("token", " " + good));
            assertEquals("a whitespace-padded token is a different token", "UNAUTHORIZED", code(r));
            assertEquals(1008, ws.awaitClose(5000));
        }
        try (WsTestClient ws = WsTestClient.open(httpPort(), "/ws?access_token=" + good, Map.of())) {
            assertEquals("token in the URL of the upgrade", 401, ws.status());
        }
        try (WsTestClient ws = WsTestClient.open(httpPort(), Map.of("Authorization", "Bearer nope"))) {
            assertEquals("a wrong header token is refused before the upgrade", 401, ws.status());
        }
        try (WsTestClient ws = WsTestClient.open(httpPort(), Map.of("Authorization", "Bearer " + good))) {
            assertEquals(101, ws.status());
            assertTrue("header-authenticated sockets need no connect", ws.call(1, "health", null).has("result"));
        }
        try (WsTestClient ws = connect()) {
            assertTrue(ws.call(1, "health", null).has("result"));
        }
    }

    @Test
    public void b_repeatedFailuresLockOutTheClientButNotOthers() throws Exception {
        HttpRpc http = http();
        String origin = "http://127.0.0.1:" + httpPort();
        Map<String, String> browserBad = Map.of("Origin", origin, "Authorization", "Bearer dxg_guess");
        Map<String, String> browserGood = Map.of("Origin", origin, "Authorization", "Bearer " + owner());
        assertEquals(200, http.post("/rpc", rpc("health"), browserGood).status());
        for (int i = 0; i < 4; i++) {
            assertEquals(401, http.post("/rpc", rpc("health"), browserBad).status());
        }
        HttpRpc.Reply fifth = http.post("/rpc", rpc("health"), browserBad);
        assertEquals("the failure that reaches the threshold starts the lockout", 429, fifth.status());
        HttpRpc.Reply locked = http.post("/rpc", rpc("health"), browserGood);
        assertEquals("even the right token waits out the lockout", 429, locked.status());
        assertNotNull(locked.header("Retry-After"));
        long retry = locked.json().get("error").get("data").get("retryAfterMs").asLong();
        assertTrue("retryAfterMs " + retry, retry > 0 && retry <= LOCKOUT_MS);
        HttpRpc.Reply spoofed = http.post("/rpc", rpc("health"),
                Map.of("Origin", origin, "Authorization", "Bearer " + owner(), "X-Forwarded-For", "10.9.9.9"));
        assertEquals("a forwarded-for header from an untrusted peer changes nothing", 429, spoofed.status());
        try (WsTestClient ws = WsTestClient.open(httpPort(), Map.of("Origin", origin))) {
            assertEquals("the WebSocket door is locked too", 429, ws.status());
        }
        // the twin: the owner's tools (no browser Origin) are not locked out by what a web page did
        assertEquals(200, http.post("/rpc", rpc("health"), Map.of("Authorization", "Bearer " + owner())).status());
        await("the lockout expires", TIMEOUT_MS,
                () -> http.post("/rpc", rpc("health"), browserGood).status() == 200);

        // the same over WebSocket connect requests
        for (int i = 0; i < 5; i++) {
            try (WsTestClient ws = WsTestClient.open(httpPort(), Map.of("Origin", origin))) {
                assertEquals(101, ws.status());
                JsonNode r = ws.call(1, "connect", Map.of("token", "dxg_guess" + i));
                assertEquals(i < 4 ? "UNAUTHORIZED" : "RATE_LIMITED", code(r));
            }
        }
        try (WsTestClient ws = WsTestClient.open(httpPort(), Map.of("Origin", origin))) {
            assertEquals(429, ws.status());
        }
        await("the lockout expires", TIMEOUT_MS,
                () -> http.post("/rpc", rpc("health"), browserGood).status() == 200);
    }

    @Test
    public void c_scopesAreGrantedByTheServer() throws Exception {
        HttpRpc http = http();
        String out = executeCommand("gateway:token-create dashboard read");
        String reader = out.lines().filter(l -> l.startsWith("dxg_")).findFirst().orElseThrow(() -> new AssertionError(out));
        SEEN_TOKENS.add(reader);
        assertTrue(executeCommand("gateway:token-list").contains("dashboard"));

        assertTrue(http.call(reader, "health", null).has("result"));
        assertEquals("FORBIDDEN", code(http.call(reader, "gateway.connections", null)));
        assertEquals(200, http.get("/metrics", Map.of("Authorization", "Bearer " + reader)).status());

        try (WsTestClient ws = WsTestClient.open(httpPort(), Map.of())) {
            JsonNode r = ws.call(1, "connect", Map.of("token", reader, "scopes", List.of("admin", "read")));
            assertEquals("asking for admin does not give it", "[\"read\"]", r.get("result").get("scopes").toString());
            assertEquals("FORBIDDEN", code(ws.call(2, "gateway.connections", null)));
            assertTrue(ws.call(3, "status", null).has("result"));
        }
        try (WsTestClient ws = WsTestClient.open(httpPort(), Map.of())) {
            JsonNode r = ws.call(1, "connect", Map.of("token", owner(), "scopes", List.of("read")));
            assertEquals("a client may narrow its scopes", "[\"read\"]", r.get("result").get("scopes").toString());
            assertEquals("FORBIDDEN", code(ws.call(2, "gateway.connections", null)));
        }
        // approval events reach approvers only
        try (WsTestClient readOnly = WsTestClient.open(httpPort(), Map.of()); WsTestClient admin = connect()) {
            readOnly.call(1, "connect", Map.of("token", reader));
            readOnly.call(2, "events.subscribe", Map.of("topics", List.of("*")));
            admin.call(2, "events.subscribe", Map.of("topics", List.of("*")));
            eventAdmin.sendEvent(new Event("dx/approval/REQUESTED", Map.of("payload", Map.of("id", "a1"))));
            JsonNode e = admin.readJson();
            while (!e.get("params").get("topic").asText().startsWith("dx/approval/")) {
                e = admin.readJson(); // connection events of other clients may come first
            }
            assertEquals("a1", e.get("params").get("payload").get("id").asText());
            // the twin: an event any reader may see, sent after the approval event
            eventAdmin.sendEvent(new Event("dx/test/VISIBLE", Map.of("payload", Map.of("id", "v1"))));
            // sendEvent is synchronous, so both events would be queued for the reader before this response; the
            // client keeps what came before it (connection events of other clients may be among them)
            readOnly.takeSkipped();
            assertEquals(3, readOnly.call(3, "health", null).get("id").asInt());
            List<String> topics = new ArrayList<>();
            readOnly.takeSkipped().forEach(n -> topics.add(n.path("params").path("topic").asText()));
            assertTrue("the reader gets no approval event: " + topics,
                    topics.stream().noneMatch(t -> t.startsWith("dx/approval/")));
            assertTrue("the reader gets what its scope allows: " + topics, topics.contains("dx/test/VISIBLE"));
        }
        String id = executeCommand("gateway:token-list").lines().filter(l -> l.contains("dashboard"))
                .findFirst().orElseThrow().split("\\|")[0].trim();
        executeCommand("gateway:token-revoke " + id);
        assertEquals(401, http.post("/rpc", rpc("health"), Map.of("Authorization", "Bearer " + reader)).status());
    }

    @Test
    public void d_foreignOriginsAreRefusedBeforeTheUpgrade() throws Exception {
        http();
        int port = httpPort();
        for (String bad : new String[] {"https://evil.example", "null", "http://localhost:" + (port + 1),
            "http://127.0.0.1:" + port + "/path", "file://"}) {
            try (WsTestClient ws = WsTestClient.open(port, Map.of("Origin", bad))) {
                assertEquals("Origin " + bad, 403, ws.status());
            }
        }
        for (String good : new String[] {"http://127.0.0.1:" + port, "http://localhost:" + port, ALLOWED}) {
            try (WsTestClient ws = WsTestClient.open(port, Map.of("Origin", good))) {
                assertEquals("Origin " + good, 101, ws.status());
            }
        }
        HttpRpc.Reply evil = http().post("/rpc", rpc("health"),
                Map.of("Origin", "https://evil.example", "Authorization", "Bearer " + owner()));
        assertEquals(403, evil.status());
        assertEquals(200, http().post("/rpc", rpc("health"),
                Map.of("Origin", ALLOWED, "Authorization", "Bearer " + owner())).status());
    }

    @Test
    public void e_forwardedForCountsOnlyFromATrustedProxy() throws Exception {
        http();
        try (WsTestClient ws = WsTestClient.open(httpPort(), Map.of("X-Forwarded-For", "127.0.0.1, 10.1.2.3"))) {
            ws.call(1, "connect", Map.of("token", owner()));
            JsonNode list = ws.call(2, "gateway.connections", null).get("result");
            for (JsonNode c : list) {
                assertEquals("the peer address, whatever the header says", "127.0.0.1", c.get("address").asText());
            }
        }
        Configuration cfg = configAdmin.getConfiguration("dev.dx.gateway", null);
        Dictionary<String, Object> props = cfg.getProperties();
        props.put("trustedProxies", "127.0.0.1");
        cfg.update(props);
        try {
            String seen = await("the proxy is trusted", TIMEOUT_MS, () -> {
                try (WsTestClient ws = WsTestClient.open(httpPort(), Map.of("X-Forwarded-For", "10.1.2.3"))) {
                    ws.call(1, "connect", Map.of("token", owner()));
                    for (JsonNode c : ws.call(2, "gateway.connections", null).get("result")) {
                        if (c.get("address").asText().equals("10.1.2.3")) {
                            return "10.1.2.3";
                        }
                    }
                    return null;
                }
            });
            assertEquals("10.1.2.3", seen);
        } finally {
            props.remove("trustedProxies");
            cfg.update(props);
        }
    }

    @Test
    public void f_framesOverTheCapAreRefusedBeforeBeingBuffered() throws Exception {
        http();
        long heapBefore = heapAfterGc();
        String padding = "x".repeat(9000);
        try (WsTestClient ws = WsTestClient.open(httpPort(), Map.of())) {
            ws.sendText("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"connect\",\"params\":{\"token\":\"" + padding + "\"}}");
            assertEquals("9 kB before authentication", 1009, ws.awaitClose(5000));
        }
        try (WsTestClient ws = connect()) {
            JsonNode r = ws.call(1, "health", Map.of("padding", padding));
            assertTrue("the same 9 kB after authentication", r.has("result"));
            String half = "y".repeat(500_000);
            assertTrue("half a megabyte string is fine", ws.call(2, "health", Map.of("padding", half)).has("result"));
        }
        try (WsTestClient ws = connect()) {
            // a real message over maxMessageBytes (1 MiB here), sent whole, after authentication
            String over = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"health\",\"params\":{\"p\":\""
                    + "o".repeat(1_100_000) + "\"}}";
            try {
                ws.sendText(over);
            } catch (java.io.IOException e) {
                // the gateway may close while the rest of the frame is still being written; the close is checked next
            }
            int code = ws.awaitClose(5000);
            assertTrue("a message over maxMessageBytes after authentication: " + code, code == 1009 || code == -1);
        }
        try (WsTestClient ws = connect()) {
            String under = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"health\",\"params\":{\"p\":\""
                    + "u".repeat(1_000_000) + "\"}}";
            ws.sendText(under);
            assertTrue("the twin: a message just under the cap is served", ws.readJson().has("result"));
            // a huge object: 60,000 tiny members take half a MiB, within maxMessageBytes, but 120,000 tokens, over
            // maxJsonTokens (100,000): refused while parsing, before the object is built
            ws.sendText(healthWithMembers(2, 60_000));
            JsonNode many = ws.readJson();
            assertEquals(many.toString(), -32700, many.get("error").get("code").asInt());
            assertTrue(many.toString(), many.get("error").get("message").asText().contains("Token count"));
            ws.sendText(healthWithMembers(3, 10_000));
            assertTrue("the twin: an object of 10,000 members is served", ws.readJson().has("result"));
        }
        try (WsTestClient ws = connect()) {
            long t0 = System.nanoTime();
            ws.sendFrameHeaderOnly(0x1, 1L << 30);
            assertEquals("a frame announcing 1 GiB is refused on its header", 1009, ws.awaitClose(5000));
            assertTrue((System.nanoTime() - t0) / 1_000_000 < 5000);
        }
        try (WsTestClient ws = connect()) {
            long t0 = System.nanoTime();
            ws.sendFrameHeaderOnly(0x1, 1L << 33);
            int code = ws.awaitClose(5000);
            // Jetty either sends an error close or cuts the socket at once; both refuse it without buffering
            assertTrue("a frame announcing 8 GiB is refused on its header: " + code,
                    code == -1 || code >= 1002 && code < 1012);
            assertTrue((System.nanoTime() - t0) / 1_000_000 < 5000);
        }
        try (WsTestClient ws = connect()) {
            String nested = "[".repeat(5000) + "]".repeat(5000);
            JsonNode r = ws.call(1, "health", null);
            assertTrue(r.has("result"));
            ws.sendText("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"health\",\"params\":{\"a\":" + nested + "}}");
            JsonNode deep = ws.readJson();
            assertEquals(-32700, deep.get("error").get("code").asInt());
            assertTrue(deep.toString(), deep.get("error").get("message").asText().contains("depth"));
            assertTrue("the connection survives", ws.call(3, "health", null).has("result"));
            ws.sendFrame(0x2, new byte[] {1, 2, 3}, true);
            assertEquals("binary frames are refused", 1003, ws.awaitClose(5000));
        }
        HttpRpc.Reply big = http().post("/rpc", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"health\",\"params\":{\"p\":\""
                + "z".repeat(1_100_000) + "\"}}", Map.of("Authorization", "Bearer " + owner()));
        assertEquals(413, big.status());
        assertEquals("TOO_LARGE", code(big.json()));
        JsonNode deepHttp = http().post("/rpc", "[".repeat(100_000), Map.of("Authorization", "Bearer " + owner())).json();
        assertEquals(-32700, deepHttp.get("error").get("code").asInt());
        // the gateway runs in this JVM: what the abuse above left behind shows in the heap after a collection
        long growth = heapAfterGc() - heapBefore;
        assertTrue("heap grew by " + growth / 1024 + " KiB", growth < 16L * 1024 * 1024);
    }

    /** @return a health request whose params are an object of {@code n} members {@code "<i>":0} */
    private static String healthWithMembers(int id, int n) {
        StringBuilder sb = new StringBuilder("{\"jsonrpc\":\"2.0\",\"id\":").append(id)
                .append(",\"method\":\"health\",\"params\":{");
        for (int i = 0; i < n; i++) {
            sb.append(i > 0 ? "," : "").append('"').append(Integer.toString(i, 36)).append("\":0");
        }
        return sb.append("}}").toString();
    }

    /** @return the heap in use after full collections, the least of three so a collection in flight does not count */
    private static long heapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            least = Math.min(least, rt.totalMemory() - rt.freeMemory());
        }
        return least;
    }

    @Test
    public void g_aClientThatDoesNotReadIsDroppedAndOthersKeepUp() throws Exception {
        http();
        String payload = "p".repeat(10_000);
        long dropsBefore = metric("dx_gateway_slow_consumer_drops_total");
        try (WsTestClient slow = WsTestClient.open(httpPort(), "/ws", Map.of(), 4096);
                WsTestClient fast = connect()) {
            slow.call(1, "connect", Map.of("token", owner()));
            slow.call(2, "events.subscribe", Map.of("topics", List.of("dx/flood/*")));
            fast.call(2, "events.subscribe", Map.of("topics", List.of("dx/flood/*")));
            int n = 400;
            int received = 0;
            for (int i = 0; i < n; i++) {
                eventAdmin.sendEvent(new Event("dx/flood/DATA", Map.of("payload", Map.of("i", i, "p", payload))));
                // the fast client reads as events arrive
                while (received <= i) {
                    JsonNode e = fast.readJson();
                    if ("event".equals(e.path("method").asText())) {
                        assertEquals(received, e.get("params").get("payload").get("i").asInt());
                        received++;
                    }
                }
            }
            assertEquals("the reading client got every event", n, received);
            await("the slow client is dropped", TIMEOUT_MS,
                    () -> metric("dx_gateway_slow_consumer_drops_total") > dropsBefore);
            long t0 = System.nanoTime();
            assertTrue(fast.call(3, "health", null).has("result"));
            assertTrue("the others are not slowed down", (System.nanoTime() - t0) / 1_000_000 < 1000);
        }
    }

    private long metric(String name) throws Exception {
        String text = http().get("/metrics", Map.of("Authorization", "Bearer " + owner())).body();
        for (String line : text.split("\n")) {
            if (line.startsWith(name + " ")) {
                return Long.parseLong(line.substring(name.length() + 1).trim());
            }
        }
        throw new AssertionError(name + " missing from metrics");
    }

    @Test
    public void h_silentAndUnauthenticatedSocketsAreClosed() throws Exception {
        http();
        try (WsTestClient ws = WsTestClient.open(httpPort(), Map.of())) {
            assertEquals(101, ws.status());
            assertEquals("no connect within authTimeoutMs", 1008, ws.awaitClose(10_000));
            assertTrue(ws.closeReason(), ws.closeReason().contains("authentication"));
        }
        try (WsTestClient ws = WsTestClient.open(httpPort(), Map.of())) {
            ws.sendText("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"health\"}");
            JsonNode r = ws.readJson();
            assertEquals("anything but connect first closes the socket", "UNAUTHORIZED", code(r));
            assertEquals(1008, ws.awaitClose(5000));
        }
        try (WsTestClient halfOpen = connect(); WsTestClient alive = connect()) {
            halfOpen.answerPings(false);
            // the live client answers pings for longer than the idle timeout and stays connected
            long until = System.nanoTime() + 3_000_000_000L;
            alive.timeout(200);
            while (System.nanoTime() < until) {
                try {
                    alive.readFrame();
                } catch (SocketTimeoutException e) {
                    // nothing but pings to read; keep answering them
                }
            }
            alive.timeout(10_000);
            assertTrue("a client that answers pings stays", alive.call(1, "health", null).has("result"));
            assertEquals("a peer that answers nothing is cut off", -1, halfOpen.awaitClose(10_000) == 1008 ? 0 : -1);
        }
    }

    @Test
    public void i_connectionsPerAddressAreCapped() throws Exception {
        http();
        List<WsTestClient> open = new ArrayList<>();
        try {
            await("earlier connections are gone", TIMEOUT_MS, () -> {
                try (WsTestClient probe = connect()) {
                    return probe.call(1, "gateway.connections", null).get("result").size() == 1;
                }
            });
            for (int i = 0; i < 8; i++) {
                open.add(connect());
            }
            try (WsTestClient over = WsTestClient.open(httpPort(), Map.of())) {
                assertEquals("the ninth from one address", 429, over.status());
                assertNotNull(over.header("Retry-After"));
            }
            takeOverASlot(open, "127.0.0.1");
        } finally {
            closeAll(open);
        }
    }

    /** The twin of a refusal at a cap: one connection closes, and a new one from {@code from} gets its slot. */
    private void takeOverASlot(List<WsTestClient> open, String from) throws Exception {
        open.remove(0).close();
        open.add(await("a slot frees when a connection closes", TIMEOUT_MS, () -> {
            WsTestClient c = WsTestClient.openFrom(from, httpPort(), Map.of());
            if (c.status() == 101) {
                return c;
            }
            c.close();
            return null;
        }));
    }

    private static void closeAll(List<WsTestClient> open) throws java.io.IOException {
        for (WsTestClient c : open) {
            c.close();
        }
        open.clear();
    }

    @Test
    public void j_requestRatePerConnectionIsLimited() throws Exception {
        try (WsTestClient greedy = connect(); WsTestClient polite = connect()) {
            int n = 150;
            for (int i = 1; i <= n; i++) {
                greedy.request(i, "health", null);
            }
            int ok = 0;
            int limited = 0;
            long retry = 0;
            for (int i = 0; i < n; i++) {
                JsonNode r = greedy.readJson();
                if (r.has("result")) {
                    ok++;
                } else {
                    assertEquals("RATE_LIMITED", code(r));
                    retry = Math.max(retry, r.get("error").get("data").get("retryAfterMs").asLong());
                    limited++;
                }
            }
            assertTrue("ok " + ok, ok >= 50);
            assertTrue("limited " + limited, limited > 0);
            assertTrue("retryAfterMs " + retry, retry > 0);
            assertTrue("another connection is not limited", polite.call(1, "health", null).has("result"));
        }
    }

    @Test
    public void ja_requestRatePerAddressIsLimitedOnHttp() throws Exception {
        http();
        Map<String, String> auth = Map.of("Authorization", "Bearer " + owner());
        // pipelined on one connection, so the requests reach the gateway faster than the bucket (50/s) refills
        List<PipelinedHttp.Response> replies = PipelinedHttp.post("127.0.0.1", httpPort(), "/rpc", auth,
                java.util.Collections.nCopies(150, rpc("health")));
        int ok = 0;
        int limited = 0;
        long retry = 0;
        for (PipelinedHttp.Response r : replies) {
            if (r.status() == 200) {
                ok++;
                continue;
            }
            assertEquals(r.body(), 429, r.status());
            JsonNode error = WsTestClient.JSON.readTree(r.body());
            assertEquals("RATE_LIMITED", code(error));
            retry = Math.max(retry, error.get("error").get("data").get("retryAfterMs").asLong());
            assertNotNull("Retry-After", r.headers().get("retry-after"));
            limited++;
        }
        assertTrue("ok " + ok, ok >= 50);
        assertTrue("limited " + limited, limited > 0);
        assertTrue("retryAfterMs " + retry, retry > 0);
        // the twins: another address is not limited, and this one is served again once it slows down
        PipelinedHttp.Response other = PipelinedHttp.post("127.0.0.2", httpPort(), "/rpc", auth, List.of(rpc("health")))
                .get(0);
        assertEquals(other.body(), 200, other.status());
        await("the address is served again", TIMEOUT_MS,
                () -> http().post("/rpc", rpc("health"), auth).status() == 200);
    }

    @Test
    public void k_totalConnectionsAreCapped() throws Exception {
        http();
        Path cfg = etc("dev.dx.gateway.cfg");
        String original = Files.readString(cfg, StandardCharsets.ISO_8859_1);
        List<WsTestClient> open = new ArrayList<>();
        try {
            await("earlier connections are gone", TIMEOUT_MS, () -> {
                try (WsTestClient probe = connect()) {
                    return probe.call(1, "gateway.connections", null).get("result").size() == 1;
                }
            });
            writeFile(cfg, withKey(original, "maxConnections", "3"));
            WsTestClient refused = await("a fourth connection is refused", TIMEOUT_MS, () -> {
                closeAll(open);
                // one connection from each of three addresses, so the per-address cap (8) is not what refuses
                for (String from : new String[] {"127.0.0.1", "127.0.0.2", "127.0.0.3"}) {
                    WsTestClient c = WsTestClient.openFrom(from, httpPort(), Map.of());
                    open.add(c);
                    if (c.status() != 101) {
                        return null; // the slots of the previous round are not released yet
                    }
                    assertTrue(c.call(1, "connect", Map.of("token", owner())).has("result"));
                }
                WsTestClient c = WsTestClient.openFrom("127.0.0.4", httpPort(), Map.of());
                if (c.status() == 503) {
                    return c;
                }
                c.close(); // the new cap is not in force yet
                return null;
            });
            refused.close();
            assertEquals(refused.body(), "RATE_LIMITED", code(WsTestClient.JSON.readTree(refused.body())));
            assertNotNull("Retry-After", refused.header("Retry-After"));
            takeOverASlot(open, "127.0.0.4");
        } finally {
            closeAll(open);
            writeFile(cfg, original);
        }
    }

    @Test
    public void l_limitEditsApplyToConnectionsOpenedAfterThem() throws Exception {
        http();
        Path cfg = etc("dev.dx.gateway.cfg");
        String original = Files.readString(cfg, StandardCharsets.ISO_8859_1);
        // a 2 kB connect request: within the default limit before authentication (8 kB), over 1 kB
        String connect = WsTestClient.JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", 1, "method", "connect",
                "params", Map.of("token", owner(), "client", Map.of("name", "n".repeat(2000)))));
        try (WsTestClient ws = WsTestClient.open(httpPort(), Map.of())) {
            ws.sendText(connect);
            assertTrue("2 kB before authentication, at the start", ws.readJson().has("result"));
        }
        try {
            writeFile(cfg, withKey(withKey(original, "preAuthMaxMessageBytes", "1024"), "idleTimeoutMs", "6000"));
            await("a new connection gets the smaller limit before authentication", TIMEOUT_MS, () -> {
                try (WsTestClient ws = WsTestClient.open(httpPort(), Map.of())) {
                    ws.sendText(connect);
                    return ws.readJson() == null && ws.closeCode() == 1009;
                }
            });
            // the new idle timeout: a peer that answers nothing is cut after 6 s, no longer after 1.5 s
            try (WsTestClient silent = connect()) {
                silent.answerPings(false);
                long t0 = System.nanoTime();
                silent.awaitClose(30_000);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertTrue("cut off after " + ms + " ms", ms >= 4000 && ms < 30_000);
            }
        } finally {
            writeFile(cfg, original);
        }
        await("the default limit before authentication is back", TIMEOUT_MS, () -> {
            try (WsTestClient ws = WsTestClient.open(httpPort(), Map.of())) {
                ws.sendText(connect);
                JsonNode r = ws.readJson();
                return r != null && r.has("result");
            }
        });
    }

    @Test
    public void y_rotationInvalidatesTheOldTokenEverywhere() throws Exception {
        HttpRpc http = http();
        assertRotationRefusesTheOldToken("over RPC", old -> {
            JsonNode r = http.call(old, "gateway.token.rotate", null);
            assertTrue(r.toString(), r.get("result").get("rotated").asBoolean());
        });
        assertRotationRefusesTheOldToken("from the console", old -> {
            String out = executeCommand("gateway:token --rotate");
            assertTrue(out, out.contains("Rotated"));
            assertFalse("the console does not print the new token unasked", out.contains("dxg_"));
        });
    }

    /** A way to rotate the owner token, given the current one. */
    @FunctionalInterface
    private interface Rotation {
        void rotate(String current) throws Exception;
    }

    /** Rotates the owner token and checks that the old one is refused, on a live socket too, and the new one works. */
    private void assertRotationRefusesTheOldToken(String how, Rotation rotation) throws Exception {
        HttpRpc http = http();
        String old = owner();
        try (WsTestClient live = connect()) {
            assertTrue(live.call(1, "health", null).has("result"));
            rotation.rotate(old);
            int code = live.awaitClose(10_000);
            assertTrue(how + ": the live socket with the old token is closed: " + code, code == 1008 || code == -1);
        }
        assertEquals(how, 401, http.post("/rpc", rpc("health"), Map.of("Authorization", "Bearer " + old)).status());
        String fresh = owner();
        assertNotEquals(how, old, fresh);
        assertEquals(how, 200, http.post("/rpc", rpc("health"), Map.of("Authorization", "Bearer " + fresh)).status());
        try (WsTestClient ws = connect()) {
            assertTrue(how + ": the new token opens sockets", ws.call(1, "health", null).has("result"));
        }
    }

    @Test
    public void z_noTokenReachedTheLogsOrMetrics() throws Exception {
        owner();
        String log = log();
        String metrics = http().get("/metrics", Map.of("Authorization", "Bearer " + owner())).body();
        Set<String> leaked = new HashSet<>();
        for (String t : SEEN_TOKENS) {
            if (log.contains(t) || metrics.contains(t) || log.contains(t.substring(4))) {
                leaked.add(t.substring(0, 8) + "…");
            }
        }
        assertTrue("tokens checked", SEEN_TOKENS.size() >= 2);
        assertEquals("tokens found in logs or metrics", Set.of(), leaked);
        assertFalse(log.contains("dxg_"));
    }
}
