package dev.dx.tools.internal.fetch;

import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns HTML into readable text in one linear pass: scripts, styles, navigation and other non-content are dropped;
 * headings become {@code #} lines, list items {@code -} lines, links {@code [text](url)}; entities are decoded.
 * Tolerant of broken markup, and it stops once it has produced enough text.
 */
final class HtmlText {
    /** Elements whose content is not text to read; raw-text ones end at their end tag, whatever is inside. */
    private static final Set<String> RAW = Set.of("script", "style", "title", "textarea", "xmp");
    private static final Set<String> SKIP = Set.of("nav", "noscript", "template", "svg", "math", "iframe", "object",
            "select", "canvas", "head", "audio", "video");
    private static final Set<String> BLOCK = Set.of("div", "section", "article", "main", "header", "footer", "aside",
            "ul", "ol", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "tr", "form", "fieldset", "figure",
            "figcaption", "address", "details", "summary", "hr", "body", "caption");
    private static final Set<String> PARAGRAPH = Set.of("p", "blockquote", "pre");
    private static final Pattern HREF = Pattern.compile("(?i)(?:^|\\s)href\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s>]+))");
    private static final Pattern TITLE = Pattern.compile("(?is)<title[^>]*>(.*?)</title");

    /**
     * @param title the page title, or null
     * @param text  the readable text
     * @param cut   whether the text was cut at the cap
     */
    record Result(String title, String text, boolean cut) {
    }

    private final String html;
    private final URI base;
    private final int maxChars;
    private final StringBuilder out = new StringBuilder();
    private boolean space;
    private int pre;
    private int linkStart = -1;
    private String linkHref;

    private HtmlText(String html, URI base, int maxChars) {
        this.html = html;
        this.base = base;
        this.maxChars = maxChars;
    }

    static Result convert(String html, URI base, int maxChars) {
        HtmlText t = new HtmlText(html, base, maxChars);
        t.run();
        String text = t.out.toString().replaceAll("[ \\t]+\\n", "\n").replaceAll("\\n{3,}", "\n\n").strip();
        boolean cut = text.length() > maxChars;
        return new Result(title(html), cut ? text.substring(0, maxChars) : text, cut);
    }

    private static String title(String html) {
        Matcher m = TITLE.matcher(html.length() > 65536 ? html.substring(0, 65536) : html);
        if (!m.find()) {
            return null;
        }
        String t = HtmlEntities.decodeAll(m.group(1)).replaceAll("\\s+", " ").strip();
        return t.isEmpty() ? null : t.length() > 300 ? t.substring(0, 300) : t;
    }

    private void run() {
        int n = html.length();
        int i = 0;
        while (i < n && out.length() <= maxChars) {
            char c = html.charAt(i);
            if (c == '<') {
                i = markup(i);
            } else if (c == '&') {
                int next = HtmlEntities.decode(html, i, scratch());
                i = next == i ? emit('&', i + 1) : flushScratch(next);
            } else {
                i = emit(c, i + 1);
            }
        }
    }

    private final StringBuilder scratch = new StringBuilder();

    private StringBuilder scratch() {
        scratch.setLength(0);
        return scratch;
    }

    private int flushScratch(int next) {
        for (int k = 0; k < scratch.length(); k++) {
            emit(scratch.charAt(k), 0);
        }
        return next;
    }

    private int emit(char c, int next) {
        if (pre > 0) {
            if (c != '\r') {
                out.append(c);
            }
        } else if (Character.isWhitespace(c) || c == '\u00a0') {
            space = true;
        } else {
            if (space && out.length() > 0 && !Character.isWhitespace(out.charAt(out.length() - 1))) {
                out.append(' ');
            }
            space = false;
            out.append(c);
        }
        return next;
    }

    /** Handles whatever starts with '<' at {@code i}; returns where text resumes. */
    private int markup(int i) {
        int n = html.length();
        if (html.startsWith("<!--", i)) {
            int end = html.indexOf("-->", i + 4);
            return end < 0 ? n : end + 3;
        }
        int j = i + 1;
        boolean closing = j < n && html.charAt(j) == '/';
        if (closing) {
            j++;
        }
        if (j >= n || !(Character.isLetter(html.charAt(j)) || (!closing && (html.charAt(j) == '!'
                || html.charAt(j) == '?')))) {
            return emit('<', i + 1);
        }
        int nameEnd = j;
        while (nameEnd < n && (Character.isLetterOrDigit(html.charAt(nameEnd)) || html.charAt(nameEnd) == '-')) {
            nameEnd++;
        }
        String name = html.substring(j, nameEnd).toLowerCase(Locale.ROOT);
        int end = HtmlScan.tagEnd(html, nameEnd);
        if (name.isEmpty()) {
            return end;
        }
        if (!closing && RAW.contains(name)) {
            int close = HtmlScan.indexOfIgnoreCase(html, "</" + name, end);
            return close < 0 ? n : HtmlScan.tagEnd(html, close + 2);
        }
        if (!closing && SKIP.contains(name)) {
            return HtmlScan.skipElement(html, name, end);
        }
        tag(name, closing, html.substring(nameEnd, Math.max(nameEnd, Math.min(end - 1, nameEnd + 8192))));
        return end;
    }

    private void tag(String name, boolean closing, String attrs) {
        if (name.length() == 2 && name.charAt(0) == 'h' && name.charAt(1) >= '1' && name.charAt(1) <= '6') {
            newline(2);
            if (!closing) {
                out.append("#".repeat(name.charAt(1) - '0')).append(' ');
            }
        } else if (name.equals("li")) {
            newline(1);
            if (!closing) {
                out.append("- ");
            }
        } else if (name.equals("br")) {
            trimSpaces();
            out.append('\n');
            space = false;
        } else if (name.equals("pre")) {
            newline(2);
            pre = Math.max(0, pre + (closing ? -1 : 1));
        } else if (PARAGRAPH.contains(name)) {
            newline(2);
        } else if (BLOCK.contains(name)) {
            newline(1);
        } else if (name.equals("td") || name.equals("th")) {
            space = true;
        } else if (name.equals("a")) {
            link(closing, attrs);
        }
    }

    private void link(boolean closing, String attrs) {
        if (!closing) {
            linkHref = href(attrs);
            if (space && out.length() > 0 && !Character.isWhitespace(out.charAt(out.length() - 1))) {
                out.append(' ');
            }
            space = false;
            linkStart = out.length();
        } else if (linkStart >= 0 && linkHref != null) {
            linkStart = Math.min(linkStart, out.length());
            String text = out.substring(linkStart).strip();
            if (!text.isEmpty() && !text.equals(linkHref)) {
                out.insert(linkStart, '[');
                out.append("](").append(linkHref).append(')');
            }
            linkStart = -1;
            linkHref = null;
        }
    }

    /** @return the link target as an absolute http(s) URL, or null for anything else */
    private String href(String attrs) {
        Matcher m = HREF.matcher(attrs);
        if (!m.find()) {
            return null;
        }
        String raw = HtmlEntities.decodeAll(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2)
                : m.group(3)).strip();
        if (raw.isEmpty() || raw.startsWith("#") || raw.length() > 1000) {
            return null;
        }
        try {
            URI u = base.resolve(new URI(raw.replace(" ", "%20")));
            String s = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            return s.equals("http") || s.equals("https") ? u.toString() : null;
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    private void newline(int count) {
        trimSpaces();
        space = false;
        if (out.length() == 0) {
            return;
        }
        int have = 0;
        for (int k = out.length() - 1; k >= 0 && out.charAt(k) == '\n' && have < count; k--) {
            have++;
        }
        out.append("\n".repeat(count - have));
    }

    private void trimSpaces() {
        int len = out.length();
        while (len > 0 && out.charAt(len - 1) == ' ') {
            len--;
        }
        out.setLength(len);
    }
}
