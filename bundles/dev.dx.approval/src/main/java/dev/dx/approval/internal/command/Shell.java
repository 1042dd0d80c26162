package dev.dx.approval.internal.command;

import java.util.List;
import java.util.stream.Collectors;

import org.apache.karaf.shell.support.ShellUtil;

/** What the approval commands share: who is at the console, and how a command line is shown to a human. */
final class Shell {
    private Shell() {
    }

    /** @return {@code user:<console user>} for the audit trail */
    static String who() {
        String name = ShellUtil.getCurrentUserName();
        return "user:" + (name == null ? "console" : name);
    }

    /**
     * Shows an argument list so that every byte is visible: arguments with blanks, quotes, shell characters or
     * control characters are single-quoted, and control characters are escaped. For display only; nothing runs it.
     */
    static String show(List<String> argv) {
        return argv.stream().map(Shell::showOne).collect(Collectors.joining(" "));
    }

    private static String showOne(String a) {
        if (!a.isEmpty() && a.chars().allMatch(c -> Character.isLetterOrDigit(c) || "-_./=:,+@%".indexOf(c) >= 0)) {
            return a;
        }
        StringBuilder sb = new StringBuilder("'");
        for (int i = 0; i < a.length(); i++) {
            char c = a.charAt(i);
            if (c == '\'') {
                sb.append("'\\''");
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (Character.isISOControl(c)) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('\'').toString();
    }

    /** @return the text cut to {@code max} characters, with an ellipsis when cut */
    static String cut(String s, int max) {
        return s == null ? "" : s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
