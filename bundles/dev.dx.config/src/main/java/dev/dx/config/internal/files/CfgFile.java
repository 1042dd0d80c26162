package dev.dx.config.internal.files;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A {@code .cfg} file: Java properties, read strictly (a line that is not {@code key = value} is an error with its line
 * number, so a half-written file does not pass for a valid one) and edited in place, keeping comments and order, with
 * an atomic replace.
 */
public final class CfgFile {
    private CfgFile() {
    }

    /** A line that could not be read. */
    public static final class SyntaxError extends Exception {
        private static final long serialVersionUID = 1L;
        private final int line;

        SyntaxError(int line, String message) {
            super(message);
            this.line = line;
        }

        public int line() {
            return line;
        }
    }

    /**
     * Reads keys and raw values in file order.
     *
     * @throws SyntaxError for a line without a separator, a key with odd characters or a continuation at the end
     */
    public static Map<String, String> parse(String text) throws SyntaxError {
        String[] lines = text.split("\r?\n", -1);
        StringBuilder logical = new StringBuilder();
        int start = 0;
        Map<String, String> result = new LinkedHashMap<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (logical.length() == 0) {
                start = i + 1;
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#") || t.startsWith("!")) {
                    continue;
                }
            }
            if (endsWithContinuation(line)) {
                logical.append(line).append('\n');
                if (i == lines.length - 1) {
                    throw new SyntaxError(start, "line " + start + " ends with '\\' but nothing follows: the file looks "
                            + "cut off");
                }
                continue;
            }
            logical.append(line);
            String entry = logical.toString();
            logical.setLength(0);
            int sep = separator(entry);
            String key = (sep < 0 ? entry : entry.substring(0, sep)).strip();
            if (sep < 0) {
                throw new SyntaxError(start, "line " + start + " has no '=': write it as 'key = value'");
            }
            if (!key.matches("[A-Za-z0-9_.\\-]+")) {
                throw new SyntaxError(start, "line " + start + ": '" + key + "' is not a valid key");
            }
            Properties p = new Properties();
            try {
                p.load(new StringReader(entry));
            } catch (IOException | IllegalArgumentException e) {
                throw new SyntaxError(start, "line " + start + " cannot be read: " + e.getMessage());
            }
            if (result.containsKey(key)) {
                throw new SyntaxError(start, "line " + start + ": '" + key + "' is set twice");
            }
            result.put(key, p.getProperty(key, ""));
        }
        return result;
    }

    /** Reads a file as {@link #parse} does. */
    public static Map<String, String> read(Path file) throws IOException, SyntaxError {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    /**
     * Returns the text with keys set ({@code null} removes the key): existing lines are replaced where they are,
     * new keys are appended, comments stay.
     */
    public static String edit(String text, Map<String, String> changes) {
        List<String> out = new ArrayList<>();
        Map<String, String> pending = new LinkedHashMap<>(changes);
        for (String line : text.split("\r?\n", -1)) {
            String t = line.strip();
            int sep = t.startsWith("#") || t.startsWith("!") ? -1 : separator(t);
            String key = sep < 0 ? null : t.substring(0, sep).strip();
            if (key != null && pending.containsKey(key)) {
                String v = pending.remove(key);
                if (v != null) {
                    out.add(key + " = " + escape(v));
                }
            } else {
                out.add(line);
            }
        }
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        pending.forEach((k, v) -> {
            if (v != null) {
                out.add(k + " = " + escape(v));
            }
        });
        return String.join("\n", out) + "\n";
    }

    /** Replaces {@code file} with {@code text}: temporary file, fsync, atomic move. */
    public static void replace(Path file, String text) throws IOException {
        CfgBatch.ATOMIC.move(writeTemp(file, text.getBytes(StandardCharsets.UTF_8)), file);
    }

    /**
     * Writes and syncs the next content of {@code file} beside it, under a name the configuration watcher ignores.
     *
     * @return the temporary file
     */
    static Path writeTemp(Path file, byte[] content) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.write(tmp, content);
        try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        return tmp;
    }

    static String escape(String v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (i == 0 && (c == ' ' || c == '#' || c == '!')) {
                        sb.append('\\');
                    }
                    sb.append(c);
                }
            }
        }
        return sb.toString();
    }

    private static boolean endsWithContinuation(String line) {
        int n = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            n++;
        }
        return n % 2 == 1;
    }

    private static int separator(String entry) {
        for (int i = 0; i < entry.length(); i++) {
            char c = entry.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '=' || c == ':') {
                return i;
            }
        }
        return -1;
    }
}
