package dev.dx.plugin.internal.pkg;

import java.util.regex.Pattern;

/**
 * Which file names a package may hold: relative, forward slashes, a conservative character set, no {@code .} or
 * {@code ..} segments. The same rule applies to zip entries and to files of an unpacked folder, and it keeps the
 * signature's file listing unambiguous.
 */
public final class PackagePath {
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");
    private static final int MAX_LENGTH = 512;

    private PackagePath() {
    }

    /**
     * @param name a file name as stored, folders separated by {@code /}
     * @return why it is refused, or {@code null} if it is acceptable
     */
    public static String problem(String name) {
        if (name.isEmpty()) {
            return "an entry has an empty name";
        }
        if (name.indexOf('\0') >= 0) {
            return "entry '" + printable(name) + "' contains a NUL character";
        }
        if (name.indexOf('\\') >= 0) {
            return "entry '" + printable(name) + "' contains a backslash";
        }
        if (name.startsWith("/") || name.matches("^[A-Za-z]:.*")) {
            return "entry '" + printable(name) + "' is an absolute path";
        }
        if (name.length() > MAX_LENGTH) {
            return "entry '" + printable(name.substring(0, 40)) + "...' has a name over " + MAX_LENGTH + " characters";
        }
        for (String segment : name.split("/", -1)) {
            if (segment.equals("..")) {
                return "entry '" + printable(name) + "' points outside the package (..)";
            }
            if (!SEGMENT.matcher(segment).matches()) {
                return "entry '" + printable(name) + "' has an unsupported name: use letters, digits, '.', '_' and "
                        + "'-', folders separated by '/', no segment starting with '.'";
            }
        }
        return null;
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return sb.toString();
    }
}
