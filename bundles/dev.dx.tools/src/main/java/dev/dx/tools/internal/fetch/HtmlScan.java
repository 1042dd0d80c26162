package dev.dx.tools.internal.fetch;

/** Scanning helpers for {@link HtmlText}: all linear, none recursive, all safe on broken markup. */
final class HtmlScan {
    private HtmlScan() {
    }

    /** Skips an element and everything in it, counting nested elements of the same name. */
    static int skipElement(String html, String name, int from) {
        int depth = 1;
        int i = from;
        while (depth > 0) {
            int lt = html.indexOf('<', i);
            if (lt < 0) {
                return html.length();
            }
            boolean closing = lt + 1 < html.length() && html.charAt(lt + 1) == '/';
            int at = lt + (closing ? 2 : 1);
            if (html.regionMatches(true, at, name, 0, name.length()) && (at + name.length() >= html.length()
                    || !Character.isLetterOrDigit(html.charAt(at + name.length())))) {
                depth += closing ? -1 : 1;
            }
            i = tagEnd(html, lt + 1);
        }
        return i;
    }

    /** @return the index after the '>' that ends the tag, skipping quoted attribute values (quotes after '=') */
    static int tagEnd(String html, int from) {
        int n = html.length();
        char quote = 0;
        char last = 0;
        for (int k = from; k < n; k++) {
            char c = html.charAt(k);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if ((c == '"' || c == '\'') && last == '=') {
                quote = c;
            } else if (c == '>') {
                return k + 1;
            }
            if (!Character.isWhitespace(c)) {
                last = c;
            }
        }
        return n;
    }

    static int indexOfIgnoreCase(String html, String needle, int from) {
        for (int k = html.indexOf('<', from); k >= 0; k = html.indexOf('<', k + 1)) {
            if (html.regionMatches(true, k, needle, 0, needle.length())) {
                return k;
            }
        }
        return -1;
    }
}
