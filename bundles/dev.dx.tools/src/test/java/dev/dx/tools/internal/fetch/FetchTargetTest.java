package dev.dx.tools.internal.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

/** URLs are parsed strictly: only http(s), only canonical numeric hosts. */
class FetchTargetTest {
    private static String refusal(String url) {
        return assertThrows(FetchException.class, () -> FetchTarget.parse(url), url).getMessage();
    }

    @Test
    void schemesOtherThanHttpAndHttpsAreRefused() {
        for (String url : List.of("file:///etc/passwd", "ftp://example.com/x", "gopher://example.com:70/_x",
                "data:text/plain,hi", "jar:http://example.com/a.jar!/x", "javascript:alert(1)",
                "dict://example.com:11211/", "ldap://example.com/", "netdoc:///etc/passwd")) {
            assertTrue(refusal(url).contains("http:// and https:// URLs only"), url);
        }
        assertTrue(refusal("example.com/x").contains("http"));
        assertTrue(refusal("//example.com/x").contains("http"));
        assertTrue(refusal("http:example.com").contains("http://host"));
    }

    @Test
    void numericHostTricksAreRefused() {
        for (String host : List.of("2130706433", "0177.0.0.1", "0x7f.1", "0x7f.0.0.1", "127.1", "127.0.1",
                "0x7f000001", "017700000001", "127.0.0.01", "00127.0.0.1", "1.2.3.4.5", "0", "0x", "4294967295",
                "127.0.0.1.0x1", "256.0.0.1")) {
            String msg = refusal("http://" + host + "/");
            assertTrue(msg.contains("non-standard form") || msg.contains("not a valid host"), host + ": " + msg);
        }
    }

    @Test
    void otherMalformedUrlsAreRefused() {
        assertTrue(refusal("http://user:pw@example.com/").contains("User names"));
        assertTrue(refusal("http://example.com@127.0.0.1/").contains("User names"));
        assertTrue(refusal("http://exa mple.com/").contains("spaces"));
        assertTrue(refusal("http://example.com/\r\nHost: evil").contains("control"));
        assertTrue(refusal("http://example.com\\@127.0.0.1/").contains("backslash"));
        assertTrue(refusal("http://%31%32%37.0.0.1/").contains("percent-encoded"));
        assertTrue(refusal("http://example.com:0/").contains("1 to 65535"));
        assertTrue(refusal("http://example.com:99999/").contains("1 to 65535"));
        assertTrue(refusal("http://example.com:+80/").contains("1 to 65535"));
        assertTrue(refusal("http://[fe80::1%25eth0]/").contains("IPv6"));
        assertTrue(refusal("http://[::1/").contains("']'"));
        assertTrue(refusal("http://-bad-.com/").contains("not a valid host"));
        assertTrue(refusal("http:///path").contains("no host"));
    }

    @Test
    void canonicalFormsParse() throws Exception {
        FetchTarget t = FetchTarget.parse("HtTpS://Example.COM./a/b?q=1#frag");
        assertTrue(t.https());
        assertEquals("example.com", t.host());
        assertNull(t.literal());
        assertEquals(443, t.port());
        assertEquals("/a/b?q=1", t.requestTarget());
        assertEquals("example.com", t.hostHeader());

        FetchTarget ip = FetchTarget.parse("http://93.184.215.14:8080");
        assertEquals(InetAddress.getByName("93.184.215.14"), ip.literal());
        assertEquals("/", ip.requestTarget());
        assertEquals("93.184.215.14:8080", ip.hostHeader());

        FetchTarget v6 = FetchTarget.parse("http://[2606:4700::1111]/x");
        assertEquals(InetAddress.getByName("2606:4700::1111"), v6.literal());
        assertEquals("[2606:4700::1111]", v6.hostHeader());

        FetchTarget idn = FetchTarget.parse("https://bücher.example/ä?x=ü");
        assertEquals("xn--bcher-kva.example", idn.host());
        assertEquals("/%C3%A4?x=%C3%BC", idn.requestTarget());

        // a look-alike digit host normalises to a literal, which the guard then judges
        FetchTarget circled = FetchTarget.parse("http://①②⑦.0.0.1/");
        assertEquals(InetAddress.getByName("127.0.0.1"), circled.literal());
    }
}
