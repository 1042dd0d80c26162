package dev.dx.tools.internal.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;

import org.junit.jupiter.api.Test;

class HtmlTextTest {
    private static final URI BASE = URI.create("https://example.com/dir/page.html");

    private static String text(String html) {
        return HtmlText.convert(html, BASE, 10_000).text();
    }

    @Test
    void structureBecomesMarkdownLikeText() {
        assertEquals("# Title\n\nFirst para.\n\nSecond para.\n\n- one\n- two", text(
                "<h1>Title</h1><p>First\n   para.</p><p>Second para.</p><ul><li>one</li><li>two</li></ul>"));
        assertEquals("a\nb", text("a<br>b"));
        assertEquals("[next](https://example.com/dir/next.html) and [abs](https://other.org/)",
                text("<a href=next.html>next</a> and <a href='https://other.org/'>abs</a>"));
        assertEquals("jump and plain", text("<a href='#top'>jump</a> and <a href='javascript:x()'>plain</a>"));
        assertEquals("code  stays\n  indented", text("<pre>code  stays\n  indented</pre>"));
    }

    @Test
    void nonContentIsDropped() {
        assertEquals("kept", text("<script>alert('<p>x</p>')</script><style>p{}</style><noscript>js off</noscript>"
                + "<nav><ul><li><nav>inner</nav></li></ul></nav><svg><text>svg</text></svg><!-- comment -->kept"
                + "<template><p>tpl</p></template>"));
        assertEquals("after", text("<SCRIPT type=x>if (a<b && '</p>') {}</SCRIPT >after"));
        assertEquals("", text("<script>never closed"));
    }

    @Test
    void entitiesAreDecodedOnce() {
        assertEquals("<b> & \"q\" ' © — ☃ \uFFFD &unknown; &amp", text(
                "&lt;b&gt; &amp; &quot;q&quot; &#39; &copy; &mdash; &#x2603; &#0; &unknown; &amp;amp"));
        assertEquals("&lt;", text("&amp;lt;"));
    }

    @Test
    void brokenMarkupDoesNotHangOrThrow() {
        String[] broken = {"<", "<<<>>>", "<a href='unterminated>text", "<p class=\"x>para", "</", "<!", "<!--",
            "<a href=x>link without end", "a < b > c", "<div " + "x".repeat(100_000), "&#xFFFFFFFFFF;",
            "<a href=\"" + "%".repeat(5000) + "\">x</a>", "<h7>not a heading</h7>", "<li><li><li>"};
        for (String html : broken) {
            HtmlText.convert(html, BASE, 1000);
        }
        assertEquals("a < b > c", text("a < b > c"));
        String deep = "<div>".repeat(50_000) + "deep" + "</div>".repeat(50_000);
        assertEquals("deep", text(deep));
    }

    @Test
    void titleAndCapAreReported() {
        HtmlText.Result r = HtmlText.convert("<title> A &amp; B </title><p>" + "word ".repeat(1000) + "</p>", BASE,
                100);
        assertEquals("A & B", r.title());
        assertTrue(r.cut());
        assertEquals(100, r.text().length());
        assertNull(HtmlText.convert("<p>x</p>", BASE, 100).title());
        assertFalse(HtmlText.convert("<p>x</p>", BASE, 100).cut());
    }
}
