package dev.dx.approval.internal.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The commands a wrapper would run: {@code env rm}, {@code sudo -u x rm}, {@code timeout 5 rm}, {@code xargs rm},
 * {@code busybox rm}, {@code find -exec rm}, {@code env -S "rm -rf"}, {@code bash -c "cd x && rm -rf y"}. Deny and
 * request rules are checked against these too, so a wrapper does not slip past them. Shell text is split roughly
 * (on separators, substitutions and blanks, quotes dropped), and after a prefix wrapper every argument that is not
 * an option is taken as a possible start of the command, since option arities differ between wrappers and versions
 * ({@code env -i rm}, {@code sudo -u root rm}). That finds more commands than would run, which for a deny rule only
 * means refusing more. Approving never looks inside a wrapper.
 */
public final class Unwrap {
    private static final int MAX_DEPTH = 4;
    private static final int MAX_COMMANDS = 256;
    private static final Set<String> SHELLS = Set.of("sh", "bash", "rbash", "dash", "ash", "zsh", "ksh", "mksh",
            "pdksh", "csh", "tcsh", "fish");
    private Unwrap() {
    }

    /** @return every command {@code argv} would run through wrappers, not including {@code argv} itself */
    public static List<List<String>> inner(List<String> argv) {
        List<List<String>> out = new ArrayList<>();
        collect(argv, 0, out);
        return out;
    }

    private static void collect(List<String> argv, int depth, List<List<String>> out) {
        if (argv.isEmpty() || depth >= MAX_DEPTH || out.size() >= MAX_COMMANDS) {
            return;
        }
        String name = argv.get(0).substring(argv.get(0).lastIndexOf('/') + 1);
        List<String> rest = argv.subList(1, argv.size());
        List<List<String>> found = new ArrayList<>();
        if (SHELLS.contains(name) || name.equals("su")) {
            String script = inlineScript(rest);
            if (script != null) {
                found.addAll(splitScript(script));
            }
        } else if (name.equals("watch")) {
            // watch hands its arguments, joined, to sh -c
            found.addAll(splitScript(String.join(" ", rest)));
        } else if (name.equals("find")) {
            found.addAll(findExec(rest));
        } else if (name.equals("env")) {
            found.addAll(suffixes(envSplit(rest)));
        } else if (Launchers.is(name)) {
            found.addAll(suffixes(rest));
        }
        for (List<String> cmd : found) {
            if (!cmd.isEmpty() && out.size() < MAX_COMMANDS) {
                out.add(List.copyOf(cmd));
                collect(cmd, depth + 1, out);
            }
        }
    }

    /** @return every tail of {@code args} that starts with something other than an option */
    private static List<List<String>> suffixes(List<String> args) {
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("-") && !a.startsWith("+")) {
                out.add(args.subList(i, args.size()));
            }
        }
        return out;
    }

    /** {@code env -S "text" ...}: the text is split into words that take the place of the option. */
    private static List<String> envSplit(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String split = null;
            int next = i + 1;
            if (a.equals("-S") || a.equals("--split-string")) {
                split = i + 1 < args.size() ? args.get(i + 1) : "";
                next = i + 2;
            } else if (a.startsWith("--split-string=")) {
                split = a.substring("--split-string=".length());
            } else if (a.startsWith("-S")) {
                split = a.substring(2);
            }
            if (split != null) {
                List<String> cmd = new ArrayList<>(args.subList(0, i));
                for (String w : split.trim().split("\\s+")) {
                    cmd.add(w.replaceAll("[\"'\\\\]", ""));
                }
                cmd.addAll(args.subList(Math.min(next, args.size()), args.size()));
                return cmd;
            }
        }
        return args;
    }

    /** @return the text after {@code -c} (also in clusters such as {@code -lc}), or {@code null} */
    private static String inlineScript(List<String> args) {
        boolean c = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith("--command=")) {
                return a.substring(10);
            }
            if (a.equals("--command")) {
                c = true;
            } else if ((a.equals("-o") || a.equals("+o")) && !c) {
                i++;
            } else if (a.length() > 1 && (a.charAt(0) == '-' || a.charAt(0) == '+') && !a.equals("--")) {
                c |= a.charAt(0) == '-' && !a.startsWith("--") && a.indexOf('c') > 0;
            } else if (c) {
                return a;
            } else {
                return null;
            }
        }
        return null;
    }

    private static List<List<String>> findExec(List<String> args) {
        List<List<String>> found = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            if (Set.of("-exec", "-execdir", "-ok", "-okdir").contains(args.get(i))) {
                List<String> cmd = new ArrayList<>();
                for (i++; i < args.size() && !args.get(i).equals(";") && !args.get(i).equals("+"); i++) {
                    cmd.add(args.get(i));
                }
                found.add(cmd);
            }
        }
        return found;
    }

    /** Splits shell text into simple commands, generously: separators, substitutions and groups all cut. */
    static List<List<String>> splitScript(String script) {
        List<List<String>> commands = new ArrayList<>();
        // a backslash before a newline joins the lines, as the shell would
        for (String part : script.replace("\\\n", " ").split("[;&|\\n\\r`(){}<>]")) {
            List<String> words = new ArrayList<>();
            for (String w : part.trim().split("[\\s]+")) {
                String word = w.replaceAll("[\"'\\\\]", "");
                boolean assignment = words.isEmpty() && word.matches("[A-Za-z_][A-Za-z0-9_]*=.*");
                if (!word.isEmpty() && !assignment && !(words.isEmpty() && KEYWORDS.contains(word))) {
                    words.add(word);
                }
            }
            if (!words.isEmpty()) {
                commands.add(words);
            }
        }
        return commands;
    }

    private static final Set<String> KEYWORDS = Set.of("!", "if", "then", "else", "elif", "fi", "do", "done", "while",
            "until", "for", "case", "esac", "in", "{", "}", "[[", "]]", "$");
}
