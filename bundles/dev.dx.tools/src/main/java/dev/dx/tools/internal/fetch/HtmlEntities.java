package dev.dx.tools.internal.fetch;

import java.util.HashMap;
import java.util.Map;

/** Decodes HTML character references: numeric ones and the named ones pages actually use. */
final class HtmlEntities {
    private static final Map<String, String> NAMED = new HashMap<>();

    static {
        String[] pairs = {"amp", "&", "lt", "<", "gt", ">", "quot", "\"", "apos", "'", "nbsp", " ", "copy", "©",
            "reg", "®", "trade", "™", "hellip", "…", "mdash", "—", "ndash", "–", "lsquo", "‘", "rsquo", "’",
            "sbquo", "‚", "ldquo", "“", "rdquo", "”", "bdquo", "„", "laquo", "«", "raquo", "»", "bull", "•",
            "middot", "·", "deg", "°", "plusmn", "±", "times", "×", "divide", "÷", "frac12", "½", "frac14", "¼",
            "frac34", "¾", "sup2", "²", "sup3", "³", "micro", "µ", "para", "¶", "sect", "§", "cent", "¢",
            "pound", "£", "yen", "¥", "euro", "€", "iexcl", "¡", "iquest", "¿", "shy", "", "zwj", "", "zwnj", "",
            "lrm", "", "rlm", "", "ensp", " ", "emsp", " ", "thinsp", " ", "larr", "←", "rarr", "→", "uarr", "↑",
            "darr", "↓", "harr", "↔", "aacute", "á", "eacute", "é", "iacute", "í", "oacute", "ó", "uacute", "ú",
            "agrave", "à", "egrave", "è", "igrave", "ì", "ograve", "ò", "ugrave", "ù", "acirc", "â", "ecirc", "ê",
            "icirc", "î", "ocirc", "ô", "ucirc", "û", "auml", "ä", "euml", "ë", "iuml", "ï", "ouml", "ö", "uuml",
            "ü", "Auml", "Ä", "Ouml", "Ö", "Uuml", "Ü", "Eacute", "É", "Aacute", "Á", "szlig", "ß", "ccedil", "ç",
            "Ccedil", "Ç", "ntilde", "ñ", "Ntilde", "Ñ", "aring", "å", "Aring", "Å", "oslash", "ø", "Oslash", "Ø",
            "aelig", "æ", "AElig", "Æ", "check", "✓", "hearts", "♥", "star", "☆", "minus", "−", "le", "≤", "ge",
            "≥", "ne", "≠", "infin", "∞", "alpha", "α", "beta", "β", "pi", "π", "lambda", "λ", "mu", "μ"};
        for (int i = 0; i < pairs.length; i += 2) {
            NAMED.put(pairs[i], pairs[i + 1]);
        }
    }

    private HtmlEntities() {
    }

    /**
     * Decodes the reference starting at {@code s.charAt(at) == '&'}.
     *
     * @return the index after the reference, or {@code at} if there is none (the '&' is then literal)
     */
    static int decode(String s, int at, StringBuilder out) {
        int n = s.length();
        int i = at + 1;
        if (i < n && s.charAt(i) == '#') {
            i++;
            boolean hex = i < n && (s.charAt(i) == 'x' || s.charAt(i) == 'X');
            if (hex) {
                i++;
            }
            int start = i;
            long cp = 0;
            while (i < n && i - start < 8 && Character.digit(s.charAt(i), hex ? 16 : 10) >= 0) {
                cp = cp * (hex ? 16 : 10) + Character.digit(s.charAt(i), hex ? 16 : 10);
                i++;
            }
            if (i == start) {
                return at;
            }
            if (i < n && s.charAt(i) == ';') {
                i++;
            }
            boolean valid = cp > 0 && cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF);
            out.appendCodePoint(valid ? (int) cp : 0xFFFD);
            return i;
        }
        int start = i;
        while (i < n && i - start < 32 && Character.isLetterOrDigit(s.charAt(i))) {
            i++;
        }
        String value = NAMED.get(s.substring(start, i));
        if (value == null) {
            return at;
        }
        if (i < n && s.charAt(i) == ';') {
            i++;
        }
        out.append(value);
        return i;
    }

    /** @return the string with every reference decoded (once) */
    static String decodeAll(String s) {
        if (s.indexOf('&') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            char c = s.charAt(i);
            int next = c == '&' ? decode(s, i, out) : i;
            if (next == i) {
                out.append(c);
                i++;
            } else {
                i = next;
            }
        }
        return out.toString();
    }
}
