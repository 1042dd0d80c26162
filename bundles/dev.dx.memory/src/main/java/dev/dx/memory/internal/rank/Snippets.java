package dev.dx.memory.internal.rank;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Excerpts of a passage around the first place where a word of the query occurs. */
public final class Snippets {
    private Snippets() {
    }

    /**
     * @param text   the passage
     * @param query  the query
     * @param maxLen the longest excerpt in characters
     * @return the excerpt, with an ellipsis where it was cut
     */
    public static String of(String text, String query, int maxLen) {
        String flat = text.strip().replaceAll("\\s+", " ");
        if (flat.length() <= maxLen) {
            return flat;
        }
        String lower = flat.toLowerCase(Locale.ROOT);
        int hit = -1;
        for (String term : terms(query)) {
            int at = lower.indexOf(term);
            if (at >= 0 && (hit < 0 || at < hit)) {
                hit = at;
            }
        }
        int start = hit < 0 ? 0 : Math.max(0, hit - maxLen / 4);
        if (start > 0) {
            int space = flat.indexOf(' ', start);
            start = space > 0 && space < hit ? space + 1 : start;
        }
        int end = Math.min(flat.length(), start + maxLen);
        if (end < flat.length()) {
            int space = flat.lastIndexOf(' ', end);
            end = space > start + maxLen / 2 ? space : end;
        }
        return (start > 0 ? "…" : "") + flat.substring(start, end) + (end < flat.length() ? "…" : "");
    }

    /** Words of three or more characters, and runs of CJK characters, lower case. */
    static List<String> terms(String query) {
        List<String> terms = new ArrayList<>();
        for (String w : query.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (w.length() >= 3 || (!w.isEmpty() && Character.isIdeographic(w.codePointAt(0)))) {
                terms.add(w);
            }
        }
        terms.sort((a, b) -> b.length() - a.length());
        return terms;
    }
}
