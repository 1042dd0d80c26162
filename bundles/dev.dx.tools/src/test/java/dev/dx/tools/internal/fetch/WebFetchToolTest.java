package dev.dx.tools.internal.fetch;

import static dev.dx.tools.internal.Calls.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.dx.api.tool.ToolResult;
import dev.dx.tools.internal.TestConfigs;

/**
 * web_fetch against fake sites on 127.0.0.x. The owner "allowed" exactly 127.0.0.7/32, so the sites there are
 * reachable, while 127.0.0.1 (with a fake listening to prove nothing connects) and every other range stay blocked.
 */
class WebFetchToolTest {
    static final String ALLOWED = "127.0.0.7";
    /** A public address the test resolver hands out; the connector delivers it to the allowed fake site. */
    static final String PUBLIC = "93.184.215.14";

    FakeSite site;
    FakeSite loopback;
    final List<InetSocketAddress> connects = new CopyOnWriteArrayList<>();
    final Map<String, List<InetAddress[]>> dns = new HashMap<>();
    final AtomicInteger lookups = new AtomicInteger();
    WebFetchTool tool;
    ScheduledExecutorService drip = Executors.newSingleThreadScheduledExecutor();

    @BeforeEach
    void setUp() throws IOException {
        site = new FakeSite(ALLOWED, FakeSite.html("<p>hello</p>"));
        loopback = new FakeSite("127.0.0.1", FakeSite.html("<p>LOOPBACK SECRET</p>"));
        tool = tool(Map.of());
    }

    @AfterEach
    void tearDown() throws IOException {
        tool.deactivate();
        site.close();
        loopback.close();
        drip.shutdownNow();
    }

    WebFetchTool tool(Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>(Map.of("allowedNetworks", new String[] {ALLOWED + "/32"},
                "maxResponseBytes", 65_536, "maxDecodedBytes", 262_144, "totalTimeoutMs", 3000, "idleTimeoutMs",
                1000, "connectTimeoutMs", 1000, "maxChars", 20_000));
        config.putAll(overrides);
        WebFetchTool t = new WebFetchTool(this::resolve, this::connect, null);
        t.activate(TestConfigs.of(FetchConfig.class, config));
        return t;
    }

    private InetAddress[] resolve(String host) throws IOException {
        lookups.incrementAndGet();
        List<InetAddress[]> answers = dns.get(host);
        if (answers == null) {
            return InetAddress.getAllByName(host);
        }
        return answers.size() > 1 ? answers.remove(0) : answers.get(0);
    }

    private java.net.Socket connect(InetSocketAddress to, int timeoutMs) throws IOException {
        connects.add(to);
        InetSocketAddress target = to.getAddress().getHostAddress().equals(PUBLIC)
                ? new InetSocketAddress(InetAddress.getByName(ALLOWED), to.getPort()) : to;
        return HttpFetcher.PLAIN.connect(target, timeoutMs);
    }

    private void answer(String host, String... addresses) throws IOException {
        List<InetAddress[]> list = new ArrayList<>();
        for (String a : addresses) {
            list.add(new InetAddress[] {InetAddress.getByName(a)});
        }
        dns.put(host, list);
    }

    private ToolResult fetch(String url) {
        return call(tool, Path.of("/nonexistent"), "url", url);
    }

    private void blocked(String url, String... words) {
        ToolResult r = fetch(url);
        assertTrue(r.error(), url + " -> " + r.content());
        for (String w : words) {
            assertTrue(r.content().contains(w), url + " -> " + r.content());
        }
        assertFalse(r.content().contains("LOOPBACK SECRET"), r.content());
    }

    private void nothingReachedLoopback() {
        assertEquals(0, loopback.connections.get(), "the fake on 127.0.0.1 saw a connection");
    }

    @Test
    void aPageBecomesReadableText() throws Exception {
        site.handler(FakeSite.html("<!doctype html><html><head><title>Fish &amp; Chips</title>"
                + "<style>body{color:red}</style><script>var secret='script';</script></head><body>"
                + "<nav><a href='/'>Home</a> <a href='/menu'>Menu</a></nav><h1>The &lt;best&gt; chips</h1>"
                + "<p>Crispy&nbsp;and <b>hot</b>, since 1998 &#8212; ask us.</p><ul><li>Cod</li><li>Haddock &#x2764;</li>"
                + "</ul><p>See <a href=\"/about?x=1&amp;y=2\">about us</a>.</p></body></html>"));
        ToolResult r = fetch(site.url() + "/");
        assertFalse(r.error(), r.content());
        String t = r.content();
        assertTrue(t.contains("Title: Fish & Chips"), t);
        assertTrue(t.contains("# The <best> chips"), t);
        assertTrue(t.contains("Crispy and hot, since 1998 — ask us."), t);
        assertTrue(t.contains("- Cod\n- Haddock ❤"), t);
        assertTrue(t.contains("[about us](" + site.url() + "/about?x=1&y=2)"), t);
        assertFalse(t.contains("secret") || t.contains("color:red") || t.contains("Menu"), t);
        assertTrue(site.requests.get(0).startsWith("GET / HTTP/1.1\r\nHost: " + ALLOWED + ":" + site.port()),
                site.requests.get(0));
    }

    @Test
    void loopbackAndEveryOtherBlockedRangeAreRefusedBeforeConnecting() throws Exception {
        int port = loopback.port();
        blocked("http://127.0.0.1:" + port + "/", "Blocked", "loopback");
        blocked("http://localhost:" + port + "/", "Blocked", "loopback");
        blocked("http://127.0.0.8:" + site.port() + "/", "Blocked", "loopback");
        blocked("http://[::1]:" + port + "/", "Blocked");
        blocked("http://[::ffff:127.0.0.1]:" + port + "/", "Blocked", "loopback");
        blocked("http://169.254.169.254/latest/meta-data/", "Blocked", "metadata");
        for (String a : AddressGuardTest.BLOCKED) {
            String literal = a.indexOf(':') >= 0 ? "[" + a + "]" : a;
            blocked("http://" + literal + ":" + port + "/", "Blocked");
            answer("blocked.test", a);
            blocked("http://blocked.test:" + port + "/", "Blocked", "blocked.test");
        }
        // one bad address among good ones is enough
        dns.put("mixed.test", List.<InetAddress[]>of(new InetAddress[] {InetAddress.getByName(PUBLIC),
            InetAddress.getByName("10.0.0.1")}));
        blocked("http://mixed.test:" + site.port() + "/", "10.0.0.1");
        assertEquals(List.of(), connects, "no connection was attempted");
        nothingReachedLoopback();
        // the twin: the allowed /32 and a public answer are fetched
        assertFalse(fetch(site.url() + "/").error());
        answer("public.test", PUBLIC);
        assertFalse(fetch("http://public.test:" + site.port() + "/").error());
    }

    @Test
    void numericHostTricksAreRefusedWithoutLookupOrConnection() {
        int port = loopback.port();
        for (String host : List.of("2130706433", "0177.0.0.1", "0x7f.1", "0x7f.0.0.1", "127.1", "0x7f000001",
                "017700000001", "127.0.0.01", "127.0.0.1.", "①②⑦.0.0.1", "[0:0:0:0:0:ffff:127.0.0.1]",
                "[::127.0.0.1]", "[0000::1]")) {
            blocked("http://" + host + ":" + port + "/");
        }
        assertEquals(0, lookups.get(), "numeric hosts never reach DNS");
        assertEquals(List.of(), connects);
        nothingReachedLoopback();
    }

    @Test
    void nonHttpSchemesAreRefused() {
        for (String url : List.of("file:///etc/passwd", "ftp://" + ALLOWED + "/", "gopher://" + ALLOWED + ":70/_x",
                "data:text/html,<p>hi</p>", "jar:http://" + ALLOWED + "/a.jar!/x", "javascript:alert(1)")) {
            blocked(url, "http:// and https:// URLs only");
        }
        assertEquals(0, site.connections.get());
        assertFalse(fetch("HtTp://" + ALLOWED + ":" + site.port() + "/").error(), "the twin: any letter case");
    }

    @Test
    void redirectsAreFollowedAndEveryHopIsVetted() throws Exception {
        try (FakeSite second = new FakeSite(ALLOWED, FakeSite.html("<p>final page</p>"))) {
            site.handler(FakeSite.redirect(301, second.url() + "/final"));
            ToolResult ok = fetch(site.url() + "/start");
            assertTrue(ok.content().contains("final page") && ok.content().contains("URL: " + second.url()
                    + "/final"), ok.content());
            assertEquals(List.of(second.url() + "/final"), ok.details().get("redirects"));
        }
        for (String target : List.of(loopback.url() + "/", "http://169.254.169.254/latest/meta-data/",
                "http://[::1]:" + loopback.port() + "/", "http://2130706433:" + loopback.port() + "/",
                "file:///etc/passwd", "http://10.0.0.1/")) {
            site.handler(FakeSite.redirect(302, target));
            blocked(site.url() + "/", "Redirect ", "refused");
        }
        site.handler(FakeSite.redirect(307, "//127.0.0.1:" + loopback.port() + "/scheme-relative"));
        blocked(site.url() + "/", "Blocked");
        nothingReachedLoopback();
    }

    @Test
    void aRedirectLoopIsCapped() {
        site.handler((head, out, socket) -> FakeSite.redirect(302, "/again" + head.length()).handle(head, out, socket));
        ToolResult r = fetch(site.url() + "/");
        assertTrue(r.error());
        assertTrue(r.content().contains("Too many redirects (more than 5)"), r.content());
        assertEquals(6, site.connections.get());
    }

    @Test
    void dnsIsAskedOncePerHopAndTheVettedAddressIsTheOneConnected() throws Exception {
        // a rebinding resolver: a public address first, loopback on every later question
        answer("rebind.test", PUBLIC, "127.0.0.1");
        ToolResult r = fetch("http://rebind.test:" + site.port() + "/");
        assertFalse(r.error(), r.content());
        assertEquals(1, lookups.get());
        assertEquals(List.of(new InetSocketAddress(InetAddress.getByName(PUBLIC), site.port())), connects);
        assertTrue(site.requests.get(0).contains("Host: rebind.test:" + site.port()), "the name is still the Host");
        // a redirect back to the same name is a new hop: asked again, now loopback, refused
        site.handler(FakeSite.redirect(302, "http://rebind.test:" + site.port() + "/second"));
        answer("rebind.test", PUBLIC, "127.0.0.1");
        blocked("http://rebind.test:" + site.port() + "/", "Redirect to", "127.0.0.1");
        assertEquals(3, lookups.get());
        assertEquals(2, connects.size(), "only the vetted public address was ever connected");
        nothingReachedLoopback();
    }

    @Test
    void aHugeBodyIsCut() {
        site.handler((head, out, socket) -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = "all work and no play\n".repeat(1000).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 100_000; i++) {
                out.write(chunk);
            }
        });
        long start = System.nanoTime();
        ToolResult r = fetch(site.url() + "/huge");
        assertFalse(r.error(), r.content());
        assertTrue(r.content().contains("larger than the size limit"), r.content().substring(0, 200));
        assertEquals(65_536, r.details().get("bytes"));
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 3000);
    }

    @Test
    void aCompressionBombIsCut() throws Exception {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
            byte[] block = new byte[1 << 20];
            java.util.Arrays.fill(block, (byte) 'a');
            for (int i = 0; i < 50; i++) {
                z.write(block);
            }
        }
        assertTrue(gz.size() < 65_536, "50 MiB compress to " + gz.size() + " bytes");
        site.handler(FakeSite.respond(200, Map.of("Content-Type", "text/plain", "Content-Encoding", "gzip"),
                gz.toByteArray()));
        long start = System.nanoTime();
        ToolResult r = fetch(site.url() + "/bomb");
        assertFalse(r.error(), r.content().substring(0, 200));
        assertEquals(262_144, r.details().get("bytes"), "decoded bytes stop at the cap");
        assertTrue(r.content().length() < 21_000, "text capped at maxChars");
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 3000);
    }

    @Test
    void slowSitesAreCutOffByTheTotalAndIdleTimeouts() {
        tool.deactivate();
        tool = tool(Map.of("totalTimeoutMs", 1500, "idleTimeoutMs", 700));
        site.handler((head, out, socket) -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            dripForever(out);
        });
        long start = System.nanoTime();
        ToolResult r = fetch(site.url() + "/drip");
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(r.error());
        assertTrue(r.content().contains("longer than 1500 ms"), r.content());
        assertTrue(ms < 3000, "gave up after " + ms + " ms");

        site.handler((head, out, socket) -> dripForever(out)); // headers one byte at a time (slowloris)
        ToolResult slowHead = fetch(site.url() + "/");
        assertTrue(slowHead.content().contains("longer than 1500 ms"), slowHead.content());

        site.handler((head, out, socket) -> socket.getInputStream().read()); // silence
        ToolResult silent = fetch(site.url() + "/");
        assertTrue(silent.content().contains("sent nothing for 700 ms"), silent.content());
    }

    /** Writes one byte every 100 ms from a scheduler until the client hangs up; blocks the handler until then. */
    private void dripForever(java.io.OutputStream out) {
        java.util.concurrent.CompletableFuture<Void> gone = new java.util.concurrent.CompletableFuture<>();
        var task = drip.scheduleAtFixedRate(() -> {
            try {
                out.write('x');
                out.flush();
            } catch (IOException e) {
                gone.complete(null);
            }
        }, 0, 100, TimeUnit.MILLISECONDS);
        try {
            gone.get(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the site is closing
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the client never hung up", e);
        } finally {
            task.cancel(false);
        }
    }

    @Test
    void nonTextAndErrorsAreReported() {
        site.handler(FakeSite.respond(200, Map.of("Content-Type", "image/png"), new byte[] {(byte) 0x89, 'P', 'N'}));
        ToolResult png = fetch(site.url() + "/a.png");
        assertTrue(png.error() && png.content().contains("image/png") && png.content().contains("not text"));
        site.handler(FakeSite.respond(404, Map.of("Content-Type", "text/plain"), "nope".getBytes()));
        ToolResult missing = fetch(site.url() + "/missing");
        assertTrue(missing.error() && missing.content().contains("Status: 404"), missing.content());
        site.handler((head, out, socket) -> out.write("SSH-2.0-OpenSSH\r\n".getBytes()));
        assertTrue(fetch(site.url() + "/").content().contains("did not answer with HTTP"));
        site.handler(FakeSite.respond(200, Map.of("X-Big", "y".repeat(40_000)), new byte[0]));
        assertTrue(fetch(site.url() + "/").content().contains("headers are larger"));
    }

    @Test
    void chunkedAndDeflatedBodiesAreDecoded() throws Exception {
        site.handler((head, out, socket) -> out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII)));
        assertTrue(fetch(site.url() + "/").content().contains("\nhello, world\n"));
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        try (var d = new java.util.zip.DeflaterOutputStream(z)) {
            d.write("deflated text".getBytes());
        }
        site.handler(FakeSite.respond(200, Map.of("Content-Type", "text/plain", "Content-Encoding", "deflate"),
                z.toByteArray()));
        assertTrue(fetch(site.url() + "/").content().contains("deflated text"));
    }

    @Test
    void badArgumentsAndConfigurationAreExplained() {
        assertTrue(fetch("").content().contains("empty"));
        assertTrue(call(tool, Path.of("/"), "url", site.url(), "method", "POST").content().contains("Unknown"));
        assertTrue(call(tool, Path.of("/"), "url", 5).content().contains("must be a string"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> tool(Map.of("allowedNetworks", new String[] {"192.168.1.0/24", "nas.local"})));
        assertTrue(e.getMessage().contains("allowedNetworks") && e.getMessage().contains("nas.local"));
    }
}
