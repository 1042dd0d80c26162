package dev.dx.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.net.SocketTimeoutException;
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

    @Override
    protected Option[] extraOptions() {
        String cfg = "etc/dev.dx.gateway.cfg";
        return new Option[] {
            editConfigurationFilePut(cfg, "allowedOrigins", ALLOWED),
            editConfigurationFilePut(cfg, "authFailuresBeforeLockout", "5"),
            editConfigurationFilePut(cfg, "authLockoutMs", "1500"),
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
        assertTrue("retryAfterMs " + retry, retry > 0 && retry <= 1500);
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
            assertEquals("the reader gets no approval event", 3, readOnly.call(3, "health", null).get("id").asInt());
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
        Runtime rt = Runtime.getRuntime();
        assertTrue("heap stays bounded", rt.totalMemory() - rt.freeMemory() < rt.maxMemory() * 0.9);
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
            open.remove(0).close();
            WsTestClient again = await("a slot frees when a connection closes", TIMEOUT_MS, () -> {
                WsTestClient c = WsTestClient.open(httpPort(), Map.of());
                if (c.status() == 101) {
                    return c;
                }
                c.close();
                return null;
            });
            open.add(again);
        } finally {
            for (WsTestClient c : open) {
                c.close();
            }
        }
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
    public void y_rotationInvalidatesTheOldTokenEverywhere() throws Exception {
        HttpRpc http = http();
        String old = owner();
        try (WsTestClient live = connect()) {
            JsonNode r = http.call(old, "gateway.token.rotate", null);
            assertTrue(r.toString(), r.get("result").get("rotated").asBoolean());
            int code = live.awaitClose(10_000);
            assertTrue("the live socket with the old token is closed: " + code, code == 1008 || code == -1);
        }
        assertEquals(401, http.post("/rpc", rpc("health"), Map.of("Authorization", "Bearer " + old)).status());
        String fresh = owner();
        assertNotEquals(old, fresh);
        assertEquals(200, http.post("/rpc", rpc("health"), Map.of("Authorization", "Bearer " + fresh)).status());
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
