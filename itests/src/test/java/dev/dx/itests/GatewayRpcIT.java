package dev.dx.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.inject.Inject;

import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import com.fasterxml.jackson.databind.JsonNode;

import dev.dx.api.rpc.RpcMethod;
import dev.dx.api.rpc.Scope;
import dev.dx.itests.bundle.EchoActivator;
import dev.dx.itests.support.HttpRpc;
import dev.dx.itests.support.TestMethods;
import dev.dx.itests.support.WsTestClient;

/** The gateway's JSON-RPC 2.0 surface over real sockets: HTTP and WebSocket, events, the live method registry, shell. */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class GatewayRpcIT extends DxTestSupport {

    @Inject
    protected EventAdmin eventAdmin;

    /** Typed parameters for test.add. */
    public record AddParams(int a, int b) {
    }

    private Map<String, String> auth() {
        return Map.of("Authorization", "Bearer " + token());
    }

    private JsonNode post(String body) throws Exception {
        HttpRpc.Reply r = http().post("/rpc", body, auth());
        assertEquals(r.body(), 200, r.status());
        return r.json();
    }

    private static void assertError(JsonNode response, int code, String dataCode) {
        assertTrue(response.toString(), response.has("error"));
        assertEquals(response.toString(), code, response.get("error").get("code").asInt());
        assertEquals(response.toString(), dataCode, response.get("error").get("data").get("code").asText());
        String msg = response.get("error").get("message").asText();
        assertFalse("no stack trace or path in " + msg, msg.contains("Exception") || msg.contains("\tat ")
                || msg.contains("/work/") || msg.contains(".java"));
    }

    @Test
    public void a_healthNeedsNoTokenAndSaysNothingMore() throws Exception {
        HttpRpc.Reply r = http().get("/health", Map.of());
        assertEquals(200, r.status());
        assertEquals("{\"ok\":true}", r.body());
    }

    @Test
    public void b_singleCallsAndSpecErrorsOverHttp() throws Exception {
        JsonNode ok = post("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"health\"}");
        assertEquals("2.0", ok.get("jsonrpc").asText());
        assertEquals(7, ok.get("id").asInt());
        assertTrue(ok.get("result").get("ok").asBoolean());

        assertError(post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\""), -32700, "PARSE_ERROR");
        assertError(post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"health\"} trailing"), -32700, "PARSE_ERROR");
        assertError(post("not json"), -32700, "PARSE_ERROR");
        assertError(post("\"hello\""), -32600, "INVALID_REQUEST");
        assertError(post("{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"health\"}"), -32600, "INVALID_REQUEST");
        assertError(post("{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"health\"}"), -32600, "INVALID_REQUEST");
        assertError(post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"health\",\"params\":\"x\"}"), -32600,
                "INVALID_REQUEST");
        JsonNode missing = post("{\"jsonrpc\":\"2.0\",\"id\":\"q\",\"method\":\"no.such.method\"}");
        assertError(missing, -32601, "METHOD_NOT_FOUND");
        assertEquals("q", missing.get("id").asText());
        assertTrue(missing.get("error").get("message").asText().contains("methods.list"));
        // a duplicate key is ambiguous and refused
        assertError(post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"health\",\"method\":\"status\"}"), -32700,
                "PARSE_ERROR");
    }

    @Test
    public void c_typedParamsNameTheFieldAndInternalErrorsLeakNothing() throws Exception {
        ServiceRegistration<RpcMethod> add = TestMethods.register(bundleContext, "test.add", Scope.READ, ctx -> {
            AddParams p = ctx.params(AddParams.class);
            return Map.of("sum", p.a() + p.b());
        });
        ServiceRegistration<RpcMethod> boom = TestMethods.register(bundleContext, "test.boom", Scope.READ, ctx -> {
            throw new NullPointerException("secret value at /etc/passwd");
        });
        try {
            await("test.add registered", TIMEOUT_MS,
                    () -> !post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test.add\",\"params\":{\"a\":1,\"b\":2}}")
                            .has("error"));
            JsonNode sum = post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test.add\",\"params\":{\"a\":1,\"b\":2}}");
            assertEquals(3, sum.get("result").get("sum").asInt());

            JsonNode wrongType = post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test.add\",\"params\":{\"a\":\"x\",\"b\":2}}");
            assertError(wrongType, -32602, "INVALID_PARAMS");
            assertTrue(wrongType.toString(), wrongType.get("error").get("message").asText().contains("'a'"));
            assertTrue(wrongType.toString(), wrongType.get("error").get("message").asText().contains("integer"));

            JsonNode unknown = post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test.add\",\"params\":{\"a\":1,\"b\":2,\"c\":3}}");
            assertError(unknown, -32602, "INVALID_PARAMS");
            assertTrue(unknown.toString(), unknown.get("error").get("message").asText().contains("'c'"));

            JsonNode positional = post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test.add\",\"params\":[1,2]}");
            assertError(positional, -32602, "INVALID_PARAMS");

            JsonNode internal = post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test.boom\"}");
            assertError(internal, -32603, "INTERNAL_ERROR");
            String text = internal.toString();
            assertFalse(text, text.contains("secret") || text.contains("passwd") || text.contains("NullPointer"));
            assertTrue(text, internal.get("error").get("message").asText().contains("ref "));
        } finally {
            add.unregister();
            boom.unregister();
        }
    }

    @Test
    public void d_batchesAndNotifications() throws Exception {
        HttpRpc.Reply r = http().post("/rpc", "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"health\"},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"health\"},"
                + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"nope\"},"
                + "1,"
                + "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"events.subscribe\",\"params\":{\"topics\":5}}]", auth());
        assertEquals(200, r.status());
        JsonNode batch = r.json();
        assertTrue(batch.isArray());
        assertEquals("one response per request with an id or an invalid one, none for the notification", 4, batch.size());
        Map<String, JsonNode> byId = new java.util.HashMap<>();
        for (JsonNode n : batch) {
            byId.put(n.get("id").asText(), n);
        }
        assertTrue(byId.get("1").get("result").get("ok").asBoolean());
        assertError(byId.get("2"), -32601, "METHOD_NOT_FOUND");
        assertError(byId.get("null"), -32600, "INVALID_REQUEST");
        assertError(byId.get("3"), -32602, "INVALID_PARAMS");

        HttpRpc.Reply notifications = http().post("/rpc", "[{\"jsonrpc\":\"2.0\",\"method\":\"health\"},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"status\"}]", auth());
        assertEquals("notifications get no response", 204, notifications.status());
        assertEquals(204, http().post("/rpc", "{\"jsonrpc\":\"2.0\",\"method\":\"health\"}", auth()).status());

        JsonNode empty = post("[]");
        assertFalse("an empty batch is one error, not an array", empty.isArray());
        assertError(empty, -32600, "INVALID_REQUEST");

        StringBuilder big = new StringBuilder("[");
        for (int i = 0; i < 65; i++) {
            big.append(i > 0 ? "," : "").append("{\"jsonrpc\":\"2.0\",\"id\":").append(i).append(",\"method\":\"health\"}");
        }
        JsonNode over = post(big.append(']').toString());
        assertFalse("a batch over the cap is rejected whole", over.isArray());
        assertError(over, -32600, "INVALID_REQUEST");
        StringBuilder atCap = new StringBuilder("[");
        for (int i = 0; i < 64; i++) {
            atCap.append(i > 0 ? "," : "").append("{\"jsonrpc\":\"2.0\",\"id\":").append(i).append(",\"method\":\"health\"}");
        }
        assertEquals("a batch at the cap is served", 64, post(atCap.append(']').toString()).size());

        // the same over /ws, where a batch is one message and its answer one array
        try (WsTestClient ws = connect()) {
            ws.sendText("[]");
            JsonNode wsEmpty = ws.readJson();
            assertFalse("an empty batch is one error, not an array", wsEmpty.isArray());
            assertError(wsEmpty, -32600, "INVALID_REQUEST");
            ws.sendText(big.toString());
            JsonNode wsOver = ws.readJson();
            assertFalse("a batch over the cap is rejected whole", wsOver.isArray());
            assertError(wsOver, -32600, "INVALID_REQUEST");
            ws.sendText(atCap.toString());
            JsonNode wsAtCap = ws.readJson();
            assertTrue(wsAtCap.toString(), wsAtCap.isArray());
            assertEquals("a batch at the cap is served", 64, wsAtCap.size());
            assertTrue("the connection keeps working", ws.callStrict("after", "health", null).has("result"));
        }
    }

    @Test
    public void e_webSocketConnectsAndAnswersOutOfOrder() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ServiceRegistration<RpcMethod> slow = TestMethods.register(bundleContext, "test.slow", Scope.READ,
                ctx -> CompletableFuture.supplyAsync(() -> {
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return Map.of("slow", true);
                }));
        try (WsTestClient ws = WsTestClient.open(httpPort(), Map.of())) {
            assertEquals(101, ws.status());
            JsonNode hello = ws.call(0, "connect", Map.of("token", token(), "client",
                    Map.of("name", "itest", "version", "1")));
            JsonNode result = hello.get("result");
            assertNotNull(hello.toString(), result);
            assertTrue(result.get("connectionId").asText().startsWith("ws-"));
            Set<String> scopes = new HashSet<>();
            result.get("scopes").forEach(s -> scopes.add(s.asText()));
            assertEquals(Set.of("read", "write", "approvals", "admin"), scopes);

            await("test.slow registered", TIMEOUT_MS,
                    () -> !post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"methods.list\"}").toString().contains("test.slow")
                            ? null : true);
            ws.request(1, "test.slow", null);
            ws.request(2, "health", null);
            JsonNode first = ws.readJson();
            assertEquals("the quick call overtakes the slow one", 2, first.get("id").asInt());
            release.countDown();
            JsonNode second = ws.readJson();
            assertEquals(1, second.get("id").asInt());
            assertTrue(second.get("result").get("slow").asBoolean());

            JsonNode again = ws.call(3, "connect", Map.of("token", token()));
            assertError(again, -32600, "INVALID_REQUEST");
            assertError(ws.call(4, "nope", null), -32601, "METHOD_NOT_FOUND");
            ws.sendText("{broken");
            assertError(ws.readJson(), -32700, "PARSE_ERROR");
            assertTrue("the connection survives bad input", ws.call(5, "health", null).has("result"));
        } finally {
            slow.unregister();
        }
    }

    @Test
    public void f_eventsArePushedInOrderToSubscribersOnly() throws Exception {
        try (WsTestClient ws = connect(); WsTestClient other = connect()) {
            JsonNode sub = ws.call(1, "events.subscribe", Map.of("topics", List.of("dx/test/*")));
            assertEquals("dx/test/*", sub.get("result").get("topics").get(0).asText());
            assertError(ws.call(2, "events.subscribe", Map.of("topics", List.of("bad pattern!"))), -32602,
                    "INVALID_PARAMS");
            for (int i = 1; i <= 3; i++) {
                eventAdmin.sendEvent(new Event("dx/test/PING", Map.of("payload", Map.of("n", i))));
            }
            eventAdmin.sendEvent(new Event("dx/other/PING", Map.of("payload", Map.of("n", 99))));
            long lastSeq = 0;
            for (int i = 1; i <= 3; i++) {
                JsonNode e = ws.readJson();
                assertEquals(e.toString(), "event", e.get("method").asText());
                assertFalse("notifications have no id", e.has("id"));
                assertEquals("dx/test/PING", e.get("params").get("topic").asText());
                assertEquals(i, e.get("params").get("payload").get("n").asInt());
                long seq = e.get("params").get("seq").asLong();
                assertTrue("seq increases", seq > lastSeq);
                lastSeq = seq;
            }
            // sendEvent is synchronous: an event for a client is queued before the response to a later request, so
            // a strict call (the next message must be the response) proves that no event was sent
            assertTrue("dx/other/PING does not match dx/test/*", ws.callStrict(3, "health", null).has("result"));
            assertTrue("the unsubscribed client got nothing", other.callStrict(1, "health", null).has("result"));

            ws.call(4, "events.unsubscribe", Map.of());
            eventAdmin.sendEvent(new Event("dx/test/PING", Map.of("payload", Map.of("n", 4))));
            JsonNode next = ws.callStrict(5, "health", null);
            assertEquals("no event after events.unsubscribe", 5, next.get("id").asInt());

            JsonNode viaHttp = post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"events.subscribe\",\"params\":{\"topics\":[\"*\"]}}");
            assertError(viaHttp, -32600, "INVALID_REQUEST");
        }
    }

    /** Installs and starts a throw-away bundle whose activator registers test.echo and test.block. */
    private Bundle installEcho(String location) throws Exception {
        byte[] jar = TestMethods.bundleWith(EchoActivator.class, "dx.test.echo", "1.0.0",
                "dev.dx.api.rpc;version=\"[0.1,1)\",org.osgi.framework;version=\"[1.8,2)\"");
        Bundle b = bundleContext.installBundle(location, new ByteArrayInputStream(jar));
        b.start();
        return b;
    }

    @Test
    public void g_methodsComeAndGoWithTheirBundle() throws Exception {
        Bundle b = installEcho("dx-test:echo");
        JsonNode echo = await("test.echo served", TIMEOUT_MS, () -> {
            JsonNode r = post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test.echo\",\"params\":{\"x\":1}}");
            return r.has("result") ? r : null;
        });
        assertEquals(1, echo.get("result").get("echo").get("x").asInt());
        String listed = post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"methods.list\"}").toString();
        assertTrue(listed, listed.contains("\"test.echo\"") && listed.contains("dx.test.echo"));

        // a client calls test.echo continuously while the bundle is stopped, uninstalled and reinstalled
        AtomicBoolean running = new AtomicBoolean(true);
        List<String> outcomes = java.util.Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> caller = CompletableFuture.runAsync(() -> {
            try (WsTestClient ws = connect()) {
                int id = 0;
                while (running.get()) {
                    JsonNode r = ws.call(++id, "test.echo", Map.of("i", id));
                    outcomes.add(r.has("result") ? "ok" : r.get("error").get("data").get("code").asText());
                }
            } catch (Exception e) {
                outcomes.add("exception " + e);
            }
        });
        await("calls succeed", TIMEOUT_MS, () -> outcomes.contains("ok"));
        b.uninstall();
        await("calls fail cleanly once the bundle is gone", TIMEOUT_MS, () -> outcomes.contains("METHOD_NOT_FOUND"));
        Bundle again = installEcho("dx-test:echo");
        int before = outcomes.size();
        await("calls succeed again after reinstall", TIMEOUT_MS,
                () -> outcomes.subList(before, outcomes.size()).contains("ok"));
        running.set(false);
        caller.get(30, TimeUnit.SECONDS);
        again.uninstall();
        Set<String> kinds = new HashSet<>(outcomes);
        kinds.removeAll(Set.of("ok", "METHOD_NOT_FOUND", "UNAVAILABLE"));
        assertEquals("every call ended in a result or a clean error: " + kinds, Set.of(), kinds);
        assertTrue(post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"health\"}").has("result"));
    }

    @Test
    public void ga_aCallInFlightEndsCleanlyWhenItsBundleIsUninstalled() throws Exception {
        Bundle b = installEcho("dx-test:block");
        try (WsTestClient ws = connect()) {
            await("test.block served", TIMEOUT_MS,
                    () -> post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"methods.list\"}").toString()
                            .contains("test.block"));
            CountDownLatch entered = waitForService(CountDownLatch.class, "(dx.test=block.entered)", TIMEOUT_MS);
            ws.request(1, "test.block", null);
            assertTrue("the call is running", entered.await(TIMEOUT_MS, TimeUnit.MILLISECONDS));
            b.uninstall();
            JsonNode r = ws.readJson();
            assertNotNull("the socket stays open and the call is answered", r);
            assertEquals(r.toString(), 1, r.get("id").asInt());
            assertTrue("a result or a clean error: " + r, r.has("result") && r.get("result").get("stopped").asBoolean()
                    || r.has("error") && r.get("error").get("data").get("code").asText().equals("UNAVAILABLE"));
            assertError(ws.callStrict(2, "test.block", null), -32601, "METHOD_NOT_FOUND");
            assertTrue("the connection keeps working", ws.callStrict(3, "health", null).has("result"));
        } finally {
            if (b.getState() != Bundle.UNINSTALLED) {
                b.uninstall();
            }
        }
    }

    @Test
    public void h_aNameRegisteredTwiceKeepsTheFirstUntilItLeaves() throws Exception {
        ServiceRegistration<RpcMethod> first = TestMethods.register(bundleContext, "test.twice", Scope.READ,
                ctx -> "first");
        ServiceRegistration<RpcMethod> second = TestMethods.register(bundleContext, "test.twice", Scope.READ,
                ctx -> "second");
        try {
            String call = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test.twice\"}";
            assertEquals("first", await("test.twice served", TIMEOUT_MS, () -> {
                JsonNode r = post(call);
                return r.has("result") ? r.get("result").asText() : null;
            }));
            assertEquals("first", post(call).get("result").asText());
            first.unregister();
            first = null;
            assertEquals("second", post(call).get("result").asText());
            assertTrue(log().contains("Method 'test.twice' from bundle"));
        } finally {
            if (first != null) {
                first.unregister();
            }
            second.unregister();
        }
    }

    @Test
    public void i_shellCommands() throws Exception {
        try (WsTestClient ws = connect()) {
            String status = executeCommand("gateway:status");
            assertTrue(status, status.contains("http://127.0.0.1:" + httpPort()));
            assertTrue(status, status.contains("dev.dx.gateway"));
            String methods = executeCommand("gateway:methods");
            assertTrue(methods, methods.contains("methods.list") && methods.contains("events.subscribe"));
            String connections = executeCommand("gateway:connections");
            assertTrue(connections, connections.contains("itest"));
            String call = executeCommand("gateway:call health");
            assertTrue(call, call.contains("\"ok\" : true"));
            String bad = executeCommand("gateway:call nope");
            assertTrue(bad, bad.contains("METHOD_NOT_FOUND"));
            String badJson = executeCommand("gateway:call status '{oops'");
            assertTrue(badJson, badJson.contains("not valid JSON"));
            String token = executeCommand("gateway:token");
            assertTrue(token, token.contains("gateway.token"));
            assertFalse("the token is only printed on request", token.contains(token()));
            assertTrue(executeCommand("gateway:token --show").contains(token()));
        }
    }

    @Test
    public void j_statusAndMetrics() throws Exception {
        JsonNode status = post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"status\"}").get("result");
        assertEquals("dx", status.get("name").asText());
        assertTrue(status.get("uptimeMs").asLong() > 0);
        assertTrue(status.toString(), status.get("bundles").toString().contains("dev.dx.gateway"));
        assertTrue(status.toString(), status.get("features").toString().contains("dx-gateway"));

        assertEquals(401, http().get("/metrics", Map.of()).status());
        HttpRpc.Reply m = http().get("/metrics", auth());
        assertEquals(200, m.status());
        assertTrue(m.header("Content-Type"), m.header("Content-Type").startsWith("text/plain"));
        assertTrue(m.body(), m.body().contains("dx_gateway_requests_total{method=\"status\",outcome=\"ok\"}"));
        assertTrue(m.body(), m.body().contains("dx_gateway_request_duration_seconds_bucket{method=\"health\",le=\"+Inf\"}"));
        assertFalse(m.body().contains(token()));
    }

    @Test
    public void k_gatewayBundleRestartsCleanly() throws Exception {
        Bundle gw = java.util.Arrays.stream(bundleContext.getBundles())
                .filter(b -> "dev.dx.gateway".equals(b.getSymbolicName())).findFirst().orElseThrow();
        assertTrue(post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"health\"}").has("result"));
        long threadsBefore = gatewayThreads();
        for (int i = 0; i < 3; i++) {
            String out = executeCommand("bundle:restart " + gw.getBundleId());
            assertFalse(out, out.contains("Error"));
            await("gateway answers after restart " + i, TIMEOUT_MS, () -> {
                try {
                    return post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"health\"}").has("result");
                } catch (Exception e) {
                    return false;
                }
            });
        }
        try (WsTestClient ws = connect()) {
            assertTrue(ws.call(1, "health", null).has("result"));
        }
        await("no gateway threads leaked by restarts (before: " + threadsBefore + ")", TIMEOUT_MS,
                () -> gatewayThreads() <= Math.max(threadsBefore, 1) + 16);
    }

    private static long gatewayThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("dx-gateway")).count();
    }

    @Test
    public void z_portAndAddressFollowTheConfigFileWhileRunning() throws Exception {
        int oldPort = httpPort();
        int newPort = freePort();
        Path cfg = Paths.get(System.getProperty("karaf.etc"), "dev.dx.gateway.cfg");
        String original = Files.readString(cfg, StandardCharsets.ISO_8859_1);
        try {
            String moved = withKey(original, "port", Integer.toString(newPort));
            write(cfg, moved);
            awaitServing("127.0.0.1", newPort);
            awaitClosed("127.0.0.1", oldPort);

            // another loopback address: 127.0.0.2 is on the loopback interface, but a different address to bind
            write(cfg, withKey(moved, "bindAddress", "127.0.0.2"));
            awaitServing("127.0.0.2", newPort);
            awaitClosed("127.0.0.1", newPort);
            try (WsTestClient ws = WsTestClient.openAt("127.0.0.2", newPort, Map.of())) {
                assertEquals("WebSocket on the new address", 101, ws.status());
            }
        } finally {
            write(cfg, original);
            awaitServing("127.0.0.1", oldPort);
        }
        awaitClosed("127.0.0.2", newPort);
    }

    private static void awaitServing(String host, int port) {
        await("the gateway answers on " + host + ":" + port, TIMEOUT_MS, () -> {
            try {
                return new HttpRpc(host, port).get("/health", Map.of()).status() == 200;
            } catch (Exception e) {
                return false;
            }
        });
    }

    private static void awaitClosed(String host, int port) {
        await(host + ":" + port + " is closed", TIMEOUT_MS, () -> {
            try (java.net.Socket s = new java.net.Socket(host, port)) {
                return false;
            } catch (ConnectException e) {
                return true;
            } catch (java.io.IOException e) {
                return false;
            }
        });
    }

    private static void write(Path file, String content) throws java.io.IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp~");
        Files.writeString(tmp, content, StandardCharsets.ISO_8859_1);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
