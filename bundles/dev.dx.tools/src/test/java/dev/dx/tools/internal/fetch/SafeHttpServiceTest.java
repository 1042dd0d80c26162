package dev.dx.tools.internal.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.dx.api.net.SafeHttpRequest;
import dev.dx.api.net.SafeHttpResponse;
import dev.dx.api.rpc.ErrorCode;
import dev.dx.api.rpc.RpcException;
import dev.dx.tools.internal.TestConfigs;

/** SafeHttp for plugins: web_fetch's guard with the caller's method, headers, body and host allowlist. */
class SafeHttpServiceTest {
    private static final Pattern LENGTH = Pattern.compile("(?i)content-length: ([0-9]+)");
    FakeSite site;
    FakeSite loopback;
    SafeHttpService http;

    @BeforeEach
    void setUp() throws IOException {
        site = new FakeSite(WebFetchToolTest.ALLOWED, (head, out, socket) -> {
            Matcher m = LENGTH.matcher(head);
            byte[] body = m.find() ? readN(socket.getInputStream(), Integer.parseInt(m.group(1))) : new byte[0];
            FakeSite.respond(200, Map.of("Content-Type", "application/json"), body).handle(head, out, socket);
        });
        loopback = new FakeSite("127.0.0.1", FakeSite.html("secret"));
        http = new SafeHttpService();
        http.activate(TestConfigs.of(FetchConfig.class, Map.of("allowedNetworks",
                new String[] {WebFetchToolTest.ALLOWED + "/32"}, "totalTimeoutMs", 3000)));
    }

    @AfterEach
    void tearDown() throws IOException {
        http.deactivate();
        site.close();
        loopback.close();
    }

    private static byte[] readN(InputStream in, int n) throws IOException {
        return in.readNBytes(n);
    }

    private static SafeHttpRequest post(String url, Map<String, String> headers, List<String> hosts) {
        return new SafeHttpRequest("POST", URI.create(url), headers, "{\"q\":1}".getBytes(StandardCharsets.UTF_8), hosts,
                Duration.ofSeconds(3), 1 << 20);
    }

    @Test
    void sendsTheCallersMethodHeadersAndBody() {
        SafeHttpResponse r = http.fetch(post(site.url() + "/x?y=1", Map.of("X-Plugin", "yes"), List.of()));
        assertEquals(200, r.status());
        assertEquals("{\"q\":1}", new String(r.body(), StandardCharsets.UTF_8));
        String head = site.requests.get(0);
        assertTrue(head.startsWith("POST /x?y=1 HTTP/1.1\r\n"), head);
        assertTrue(head.contains("X-Plugin: yes\r\n") && head.contains("Content-Length: 7\r\n"), head);
    }

    @Test
    void blockedAddressesHostsAndHeadersAreRefusedBeforeAnyConnection() {
        RpcException loop = assertThrows(RpcException.class, () -> http.fetch(SafeHttpRequest.get(
                URI.create(loopback.url()))));
        assertEquals(ErrorCode.FORBIDDEN, loop.error());
        assertEquals(0, loopback.connections.get());
        RpcException host = assertThrows(RpcException.class, () -> http.fetch(post(site.url(), Map.of(),
                List.of("api.example.com"))));
        assertEquals(ErrorCode.FORBIDDEN, host.error());
        assertTrue(host.getMessage().contains("allowed hosts"), host.getMessage());
        RpcException injected = assertThrows(RpcException.class, () -> http.fetch(post(site.url(),
                Map.of("X-A", "b\r\nHost: evil"), List.of())));
        assertEquals(ErrorCode.FORBIDDEN, injected.error());
        assertThrows(RpcException.class, () -> http.fetch(post(site.url(), Map.of("Host", "evil"), List.of())));
        assertEquals(0, site.connections.get(), "nothing reached the site");
    }

    @Test
    void theCallersLimitIsApplied() {
        SafeHttpResponse r = http.fetch(new SafeHttpRequest("POST", URI.create(site.url()), Map.of(),
                "x".repeat(5000).getBytes(StandardCharsets.UTF_8), List.of(), Duration.ofSeconds(3), 100));
        assertEquals(100, r.body().length);
        assertTrue(r.truncated());
    }
}
