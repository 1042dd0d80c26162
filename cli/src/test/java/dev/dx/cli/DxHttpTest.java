package dev.dx.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * {@link Dx#run} end to end against a stand-in for the gateway's {@code POST /rpc} (the JDK's HttpServer on
 * loopback), with an installation folder in a temporary directory.
 */
class DxHttpTest {
    private static final String TOKEN = "dxg_fakeOwnerToken-0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    private HttpServer server;
    private final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String reply = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"ok\":true}}";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/rpc", this::answer);
        server.start();
        install(server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange ex) throws IOException {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        requests.add(Map.of("method", ex.getRequestMethod(), "auth", auth == null ? "" : auth,
                "body", new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
        byte[] body = reply.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, status == 204 ? -1 : body.length);
        if (status != 204) {
            ex.getResponseBody().write(body);
        }
        ex.close();
    }

    private void install(int port) throws IOException {
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/dev.dx.gateway.cfg"), "port = " + port + "\nbindAddress = 127.0.0.1\n");
        Path token = home.resolve("data/dx/gateway/gateway.token");
        Files.createDirectories(token.getParent());
        Files.writeString(token, TOKEN + "\n");
    }

    private int dx(String... args) {
        return dx(Map.of(), args);
    }

    private int dx(Map<String, String> extraEnv, String... args) {
        Map<String, String> env = new HashMap<>(Map.of("KARAF_HOME", home.toString()));
        env.putAll(extraEnv);
        int code = Dx.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env);
        assertFalse(out().contains(TOKEN) || err().contains(TOKEN), "the token is never printed");
        return code;
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void callPostsJsonRpcWithTheBearerTokenAndPrintsTheResult() throws IOException {
        assertEquals(0, dx("call", "sessions.list", "{\"limit\":5}"), err());
        assertTrue(out().contains("\"ok\" : true"), out());
        assertEquals("", err());
        Map<String, String> req = requests.get(0);
        assertEquals("POST", req.get("method"));
        assertEquals("Bearer " + TOKEN, req.get("auth"));
        JsonNode body = JSON.readTree(req.get("body"));
        assertEquals("2.0", body.get("jsonrpc").asText());
        assertEquals("sessions.list", body.get("method").asText());
        assertEquals(5, body.get("params").get("limit").asInt());
        assertTrue(body.has("id"));
    }

    @Test
    void callWithoutParamsSendsNone() throws IOException {
        assertEquals(0, dx("call", "health"));
        assertFalse(JSON.readTree(requests.get(0).get("body")).has("params"));
    }

    @Test
    void tokenFromEnvironmentOrOptionIsSent() throws IOException {
        assertEquals(0, dx(Map.of("DX_TOKEN", "dxg_fromEnv"), "health"));
        assertEquals("Bearer dxg_fromEnv", requests.get(0).get("auth"));
        Path other = Files.writeString(home.resolve("other.token"), "dxg_fromFile\n");
        assertEquals(0, dx(Map.of("DX_TOKEN", "dxg_fromEnv"), "health", "--token-file", other.toString()));
        assertEquals("Bearer dxg_fromFile", requests.get(1).get("auth"));
        assertTrue(out().contains("ok: DX answers at http://127.0.0.1:"), out());
    }

    @Test
    void jsonRpcErrorExitsOneWithMessageAndCode() {
        reply = "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32601,\"message\":\"No method 'no.such'\","
                + "\"data\":{\"code\":\"METHOD_NOT_FOUND\"}}}";
        assertEquals(1, dx("call", "no.such"));
        assertEquals("error: No method 'no.such' (METHOD_NOT_FOUND)" + System.lineSeparator(), err());
        assertEquals("", out());
    }

    @Test
    void unauthorizedExitsOneAndNamesTheTokenSourceNotTheToken() {
        status = 401;
        reply = "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32001,\"message\":\"Invalid token\","
                + "\"data\":{\"code\":\"UNAUTHORIZED\"}}}";
        assertEquals(1, dx("status"));
        assertTrue(err().startsWith("error: Invalid token (UNAUTHORIZED)"), err());
        assertTrue(err().contains("The token came from " + home.resolve("data/dx/gateway/gateway.token")), err());
    }

    @Test
    void rateLimitSaysWhenToRetry() {
        status = 429;
        reply = "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32003,\"message\":\"Too many failed logins\","
                + "\"data\":{\"code\":\"RATE_LIMITED\",\"retryAfterMs\":30000}}}";
        assertEquals(1, dx("call", "health"));
        assertTrue(err().contains("(RATE_LIMITED); retry in 30 s"), err());
    }

    @Test
    void connectionRefusedExitsTwoSayingHowToStartDx() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        install(port);
        assertEquals(2, dx("call", "health"));
        assertEquals("dx: DX is not running at http://127.0.0.1:" + port + " — start it with ./dx"
                + System.lineSeparator(), err());
        assertEquals(2, dx("status", "--url", "http://127.0.0.1:" + port));
    }

    @Test
    void invalidParamsExitTwoBeforeAnyRequest() {
        assertEquals(2, dx("call", "status", "{oops"));
        assertTrue(err().contains("the params are not valid JSON"), err());
        assertEquals(2, dx("call", "status", "{} trailing"));
        assertTrue(requests.isEmpty());
    }

    @Test
    void missingTokenFileExitsTwoWithAHint() throws IOException {
        Files.delete(home.resolve("data/dx/gateway/gateway.token"));
        assertEquals(2, dx("methods"));
        assertTrue(err().contains("no token file at") && err().contains("DX_TOKEN"), err());
        assertTrue(requests.isEmpty());
    }

    @Test
    void karafDataOverrideIsWhereTheTokenIsRead() throws IOException {
        Path data = home.resolve("elsewhere");
        Files.createDirectories(data.resolve("dx/gateway"));
        Files.writeString(data.resolve("dx/gateway/gateway.token"), "dxg_otherData");
        assertEquals(0, dx(Map.of("KARAF_DATA", data.toString()), "health"));
        assertEquals("Bearer dxg_otherData", requests.get(0).get("auth"));
    }

    @Test
    void statusAndMethodsAreSummarisedOrRawWithJson() {
        reply = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"version\":\"0.1.0\",\"uptimeMs\":5000,"
                + "\"gateway\":{\"url\":\"http://127.0.0.1:31337\",\"connections\":0,\"methods\":2},\"bundles\":[]}}";
        assertEquals(0, dx("status"));
        assertTrue(out().startsWith("DX 0.1.0, up 5 s"), out());
        out.reset();
        assertEquals(0, dx("status", "--json"));
        assertTrue(out().contains("\"uptimeMs\" : 5000"), out());
        out.reset();
        reply = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":[{\"name\":\"methods.list\",\"scope\":\"read\","
                + "\"description\":\"The methods\"}]}";
        assertEquals(0, dx("methods"));
        assertTrue(out().contains("methods.list  read   The methods"), out());
        assertTrue(requests.get(2).get("body").contains("\"methods.list\""));
    }

    @Test
    void unhealthyExitsOne() {
        reply = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"ok\":false}}";
        assertEquals(1, dx("health"));
        assertTrue(out().startsWith("not ok"), out());
    }

    @Test
    void notificationReplyPrintsNothing() {
        status = 204;
        assertEquals(0, dx("call", "health"));
        assertEquals("", out());
    }

    @Test
    void somethingElseOnThePortIsReportedAsNotDx() {
        status = 404;
        reply = "<html>Not Found</html>";
        assertEquals(2, dx("call", "health"));
        assertTrue(err().contains("HTTP 404") && err().contains("is this a DX gateway?"), err());
    }

    @Test
    void tokenAndHelpNeedNoGateway() {
        server.stop(0);
        assertEquals(0, dx("token"));
        assertTrue(out().contains(home.resolve("data/dx/gateway/gateway.token").toString()), out());
        assertEquals(0, dx("help"));
        assertTrue(out().contains("Usage: dx"), out());
        assertEquals(2, dx());
        assertTrue(err().contains("no command given"), err());
        assertTrue(requests.isEmpty());
    }
}
