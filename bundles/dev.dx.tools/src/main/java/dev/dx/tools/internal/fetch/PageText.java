package dev.dx.tools.internal.fetch;

import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The readable text of a response body: HTML converted, other text as is, anything else refused. */
final class PageText {
    private static final Pattern CHARSET = Pattern.compile("(?i)charset\\s*=\\s*[\"']?([A-Za-z0-9._:-]{1,40})");

    private PageText() {
    }

    /**
     * @param mime the media type, lower case
     * @param text the converted text (null if the body is not text)
     */
    record Page(String mime, String title, String text, boolean cut) {
    }

    static Page of(String contentType, byte[] body, URI url, int maxChars) {
        String mime = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (mime.isEmpty()) {
            mime = looksLikeHtml(body) ? "text/html" : "text/plain";
        }
        boolean html = mime.equals("text/html") || mime.equals("application/xhtml+xml");
        boolean text = html || mime.startsWith("text/") || mime.endsWith("+json") || mime.endsWith("+xml")
                || mime.equals("application/json") || mime.equals("application/xml")
                || mime.equals("application/javascript") || mime.equals("application/x-ndjson");
        if (!text) {
            return new Page(mime, null, null, false);
        }
        String s = new String(body, charset(contentType, body, html));
        if (html) {
            HtmlText.Result r = HtmlText.convert(s, url, maxChars);
            return new Page(mime, r.title(), r.text(), r.cut());
        }
        boolean cut = s.length() > maxChars;
        return new Page(mime, null, cut ? s.substring(0, maxChars) : s, cut);
    }

    private static boolean looksLikeHtml(byte[] body) {
        String start = new String(body, 0, Math.min(body.length, 512), StandardCharsets.ISO_8859_1).stripLeading()
                .toLowerCase(Locale.ROOT);
        return start.startsWith("<!doctype html") || start.startsWith("<html");
    }

    /** The charset named by the header, else by a meta tag near the start of an HTML page, else UTF-8. */
    private static Charset charset(String contentType, byte[] body, boolean html) {
        String name = null;
        Matcher m = contentType == null ? null : CHARSET.matcher(contentType);
        if (m != null && m.find()) {
            name = m.group(1);
        } else if (html) {
            Matcher meta = CHARSET.matcher(new String(body, 0, Math.min(body.length, 2048), StandardCharsets.ISO_8859_1));
            name = meta.find() ? meta.group(1) : null;
        }
        try {
            return name == null ? StandardCharsets.UTF_8 : Charset.forName(name);
        } catch (IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
        }
    }
}
