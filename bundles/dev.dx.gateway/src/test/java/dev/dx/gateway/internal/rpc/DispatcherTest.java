package dev.dx.gateway.internal.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.dx.api.rpc.ErrorCode;
import dev.dx.api.rpc.Rpc;
import dev.dx.api.rpc.RpcException;
import dev.dx.api.rpc.RpcMethod;
import dev.dx.api.rpc.Scope;
import dev.dx.gateway.internal.TestConfigs;
import dev.dx.gateway.internal.auth.Credential;
import dev.dx.gateway.internal.metrics.GatewayMetrics;
import dev.dx.testsupport.component.Inject;

class DispatcherTest {
    private final MethodRegistry registry = new MethodRegistry();
    private final GatewayMetrics metrics = new GatewayMetrics();
    private final Dispatcher dispatcher = new Dispatcher();
    private GatewayCaller admin;
    private GatewayCaller reader;

    @BeforeEach
    void setUp() {
        Inject.field(dispatcher, "registry", registry);
        Inject.field(dispatcher, "metrics", metrics);
        dispatcher.activate(TestConfigs.gateway(Map.of("maxBatchSize", 3, "methodTimeoutMs", 200L)));
        add("echo", Scope.READ, ctx -> ctx.params());
        add("admin.only", Scope.ADMIN, ctx -> "secret-ok");
        add("slow", Scope.READ, ctx -> new CompletableFuture<>());
        add("later", Scope.READ, ctx -> CompletableFuture.supplyAsync(() -> 42));
        add("limited", Scope.READ, ctx -> {
            throw new RpcException(ErrorCode.RATE_LIMITED, "slow down", 1500, null);
        });
        add("broken", Scope.READ, ctx -> {
            throw new IllegalStateException("db password is hunter2");
        });
        admin = new GatewayCaller("c1", "test", "127.0.0.1", null);
        admin.authenticate(Credential.console(), null);
        reader = new GatewayCaller("c2", "test", "127.0.0.1", null);
        reader.authenticate(Credential.console(), Set.of(Scope.READ));
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        dispatcher.deactivate();
    }

    private void add(String name, Scope scope, RpcMethod m) {
        Map<String, Object> props = new HashMap<>();
        props.put(Rpc.METHOD, name);
        props.put(Rpc.SCOPE, scope.name());
        registry.addMethod(new FakeServiceObjects(m, props));
    }

    private String call(GatewayCaller caller, String json) throws Exception {
        return dispatcher.dispatch(caller, dispatcher.codec().parse(json)).get(5, TimeUnit.SECONDS);
    }

    private JsonNode callJson(GatewayCaller caller, String json) throws Exception {
        return dispatcher.codec().parse(call(caller, json));
    }

    @Test
    void answersToTheLetterOfTheSpec() throws Exception {
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"a\":1}}",
                call(admin, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"echo\",\"params\":{\"a\":1}}"));
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"result\":{}}",
                call(admin, "{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"method\":\"echo\"}"));
        assertNull(call(admin, "{\"jsonrpc\":\"2.0\",\"method\":\"echo\"}"), "a notification gets no response");
        assertNull(call(admin, "{\"jsonrpc\":\"2.0\",\"method\":\"nope\"}"), "not even an error");
        JsonNode nullId = callJson(admin, "{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"echo\"}");
        assertTrue(nullId.get("id").isNull());
        assertTrue(nullId.has("result"));
    }

    @Test
    void batchesAnswerEachRequestAndRefuseEmptyOrOversized() throws Exception {
        JsonNode batch = callJson(admin, "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"echo\"},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"echo\"},{\"foo\":1}]");
        assertEquals(2, batch.size());
        assertEquals(-32600, batch.get(1).get("error").get("code").asInt());
        assertNull(call(admin, "[{\"jsonrpc\":\"2.0\",\"method\":\"echo\"}]"));
        assertEquals(-32600, callJson(admin, "[]").get("error").get("code").asInt());
        JsonNode over = callJson(admin, "[1,2,3,4]");
        assertFalse(over.isArray());
        assertTrue(over.get("error").get("message").asText().contains("limit of 3"));
    }

    @Test
    void scopesAreCheckedBeforeTheMethodRuns() throws Exception {
        JsonNode denied = callJson(reader, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"admin.only\"}");
        assertEquals(ErrorCode.FORBIDDEN.code(), denied.get("error").get("code").asInt());
        assertEquals("FORBIDDEN", denied.get("error").get("data").get("code").asText());
        assertEquals("secret-ok", callJson(admin, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"admin.only\"}")
                .get("result").asText());
        GatewayCaller anonymous = new GatewayCaller("c3", "test", "127.0.0.1", null);
        assertEquals("FORBIDDEN", callJson(anonymous, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"echo\"}")
                .get("error").get("data").get("code").asText());
    }

    @Test
    void errorsCarryCodesRetryHintsAndNoInternals() throws Exception {
        JsonNode limited = callJson(admin, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"limited\"}");
        assertEquals(-32003, limited.get("error").get("code").asInt());
        assertEquals(1500, limited.get("error").get("data").get("retryAfterMs").asLong());
        JsonNode broken = callJson(admin, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"broken\"}");
        assertEquals(-32603, broken.get("error").get("code").asInt());
        assertFalse(broken.toString().contains("hunter2"));
        assertFalse(broken.toString().contains("IllegalState"));
        JsonNode missing = callJson(admin, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"nope\"}");
        assertEquals(-32601, missing.get("error").get("code").asInt());
    }

    @Test
    void asynchronousResultsAreAwaitedWithATimeout() throws Exception {
        assertEquals(42, callJson(admin, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"later\"}").get("result").asInt());
        JsonNode slow = callJson(admin, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"slow\"}");
        assertEquals("TIMEOUT", slow.get("error").get("data").get("code").asText());
        String metrics = this.metrics.render();
        assertTrue(metrics.contains("dx_gateway_requests_total{method=\"slow\",outcome=\"TIMEOUT\"} 1"), metrics);
        assertTrue(metrics.contains("dx_gateway_requests_total{method=\"unknown\",outcome=\"METHOD_NOT_FOUND\"}")
                || !metrics.contains("nope"));
    }

    @Test
    void asyncDispatchFreesTheCallingThread() throws Exception {
        CompletableFuture<String> f = dispatcher.dispatchAsync(admin,
                dispatcher.codec().parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"echo\"}"));
        assertTrue(f.get(5, TimeUnit.SECONDS).contains("\"result\""));
    }
}
