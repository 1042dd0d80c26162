package dev.dx.approval.internal.rules;

import java.util.List;

/**
 * Matches an argument list against a rule's patterns, one pattern per argument. Arguments are compared as they are,
 * character for character: nothing is joined, split, trimmed, unquoted or expanded, so {@code "status "} is not
 * {@code "status"} and {@code "status;rm"} is one argument that no shell ever sees.
 *
 * <ul>
 * <li>Inside a pattern, {@code *} matches any run of characters and {@code ?} one character, both within the one
 * argument; {@code \*}, {@code \?} and {@code \\} stand for themselves.</li>
 * <li>A pattern that is exactly {@code **} matches any number of whole arguments, none included.</li>
 * </ul>
 *
 * <p>Lenient matching, used for deny and request rules, also catches what getopt would read as the same option: a
 * literal {@code --force} matches {@code --force=yes} and the abbreviations {@code --forc} and {@code --for} (at least
 * three characters after {@code --}), and a literal {@code -f} matches {@code -f} inside a cluster such as {@code -rf}.
 * Matching more there only refuses more; approving rules always match exactly.
 */
public final class ArgPattern {
    public static final String REST = "**";
    private static final int MIN_ABBREVIATION = 3;

    private ArgPattern() {
    }

    /**
     * @param lenient whether option abbreviations and clusters count (deny and request rules)
     * @return whether {@code args} match {@code patterns}
     */
    public static boolean matches(List<String> patterns, List<String> args, boolean lenient) {
        int m = patterns.size();
        int n = args.size();
        // can[i][j]: patterns from i match args from j; filled from the end, so ** never backtracks exponentially
        boolean[][] can = new boolean[m + 1][n + 1];
        can[m][n] = true;
        for (int i = m - 1; i >= 0; i--) {
            String p = patterns.get(i);
            for (int j = n; j >= 0; j--) {
                if (REST.equals(p)) {
                    can[i][j] = can[i + 1][j] || (j < n && can[i][j + 1]);
                } else {
                    can[i][j] = j < n && can[i + 1][j + 1] && one(p, args.get(j), lenient);
                }
            }
        }
        return can[0][0];
    }

    /** @return whether one argument matches one pattern */
    static boolean one(String pattern, String arg, boolean lenient) {
        if (glob(pattern, 0, arg, 0)) {
            return true;
        }
        if (!lenient || !isLiteral(pattern)) {
            return false;
        }
        String literal = unescape(pattern);
        if (literal.startsWith("--") && literal.length() > 2 && literal.indexOf('=') < 0 && arg.startsWith("--")) {
            int eq = arg.indexOf('=');
            String option = eq < 0 ? arg : arg.substring(0, eq);
            return option.equals(literal)
                    || (option.length() - 2 >= MIN_ABBREVIATION && literal.startsWith(option));
        }
        if (literal.length() == 2 && literal.charAt(0) == '-' && Character.isLetterOrDigit(literal.charAt(1))
                && arg.length() > 2 && arg.charAt(0) == '-' && arg.charAt(1) != '-') {
            return arg.indexOf(literal.charAt(1), 1) > 0;
        }
        return false;
    }

    /** @return whether the pattern has no wildcard, so it names exactly one argument */
    public static boolean isLiteral(String pattern) {
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '*' || c == '?') {
                return false;
            }
        }
        return true;
    }

    /** @return the argument a literal pattern stands for */
    public static String unescape(String pattern) {
        StringBuilder sb = new StringBuilder(pattern.length());
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                c = pattern.charAt(++i);
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /** @return the pattern that matches exactly {@code arg}, wildcards escaped */
    public static String escape(String arg) {
        StringBuilder sb = new StringBuilder(arg.length());
        for (int i = 0; i < arg.length(); i++) {
            char c = arg.charAt(i);
            if (c == '*' || c == '?' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }

    private static boolean glob(String p, int pi, String s, int si) {
        int star = -1;
        int mark = 0;
        while (si < s.length()) {
            if (pi < p.length()) {
                char c = p.charAt(pi);
                if (c == '*') {
                    star = pi++;
                    mark = si;
                    continue;
                }
                boolean escaped = c == '\\' && pi + 1 < p.length();
                char want = escaped ? p.charAt(pi + 1) : c;
                if ((c == '?' && !escaped) || want == s.charAt(si)) {
                    pi += escaped ? 2 : 1;
                    si++;
                    continue;
                }
            }
            if (star < 0) {
                return false;
            }
            // the last * takes one more character, and the rest of the pattern tries again from there
            pi = star + 1;
            si = ++mark;
        }
        while (pi < p.length() && p.charAt(pi) == '*') {
            pi++;
        }
        return pi == p.length();
    }
}
