package dev.dx.tools.internal.file;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

import dev.dx.tools.internal.ArgumentException;

/**
 * A path a model gave, checked as text before anything touches the disk: relative to the workspace (or absolute but
 * inside it), no {@code ..}, no NUL or control characters, no percent-encoding or look-alike separators. Symlinks
 * and hardlinks are checked later, while the path is walked ({@link WorkspaceDir}).
 *
 * @param segments the names from the workspace root, none empty, {@code .} or {@code ..}
 */
public record WorkspacePath(List<String> segments) {
    private static final int MAX_SEGMENTS = 64;
    private static final int MAX_NAME_BYTES = 255;
    private static final int MAX_LENGTH = 4096;
    private static final Pattern PERCENT_ENCODED = Pattern.compile("%[0-9A-Fa-f]{2}");

    public WorkspacePath {
        segments = List.copyOf(segments);
    }

    /**
     * @param raw       the path as the model wrote it
     * @param workspace the workspace root (absolute)
     * @return the checked path
     */
    public static WorkspacePath parse(String raw, Path workspace) throws ArgumentException {
        if (workspace == null) {
            throw new ArgumentException("This call has no workspace, so file tools cannot be used.");
        }
        if (raw == null || raw.isBlank()) {
            throw new ArgumentException("The path is empty; give a path relative to the workspace, e.g. notes/todo.md.");
        }
        if (raw.length() > MAX_LENGTH) {
            throw new ArgumentException("The path is longer than " + MAX_LENGTH + " characters.");
        }
        checkCharacters(raw);
        String rel = raw;
        if (raw.startsWith("/")) {
            rel = insideWorkspace(raw, workspace);
        }
        List<String> segments = new ArrayList<>();
        for (String s : rel.split("/", -1)) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                throw new ArgumentException("The path '" + raw + "' contains '..'; paths may not leave the "
                        + "workspace, and DX does not resolve '..'. Write the path from the workspace root.");
            }
            String n = Normalizer.normalize(s, Normalizer.Form.NFKC);
            if (n.equals(".") || n.equals("..")) {
                throw new ArgumentException("The name '" + s + "' in '" + raw + "' looks like '" + n + "'; use "
                        + "another name.");
            }
            if (s.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
                throw new ArgumentException("A name in '" + raw + "' is longer than " + MAX_NAME_BYTES + " bytes.");
            }
            segments.add(s);
        }
        if (segments.size() > MAX_SEGMENTS) {
            throw new ArgumentException("The path '" + raw + "' is nested deeper than " + MAX_SEGMENTS + " folders.");
        }
        return new WorkspacePath(segments);
    }

    private static void checkCharacters(String raw) throws ArgumentException {
        if (raw.indexOf('\0') >= 0) {
            throw new ArgumentException("The path contains a NUL character; remove it.");
        }
        if (raw.indexOf('\\') >= 0) {
            throw new ArgumentException("The path '" + printable(raw) + "' contains a backslash; use '/' between "
                    + "folders and no backslashes in names.");
        }
        if (PERCENT_ENCODED.matcher(raw).find()) {
            throw new ArgumentException("The path '" + printable(raw) + "' contains percent-encoding (like %2e or "
                    + "%2f); DX does not decode paths. Write the path with plain characters.");
        }
        for (int i = 0; i < raw.length(); ) {
            int cp = raw.codePointAt(i);
            if (Character.isISOControl(cp) || cp == 0x2028 || cp == 0x2029) {
                throw new ArgumentException("The path contains the control character U+"
                        + String.format("%04X", cp) + "; remove it.");
            }
            if (cp > 0x7f) {
                // full-width solidus, division slash, small percent sign ...: a later normaliser would make
                // separators or encodings of them
                String n = Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFKC);
                if (n.indexOf('/') >= 0 || n.indexOf('\\') >= 0 || n.indexOf('%') >= 0) {
                    throw new ArgumentException("The path '" + printable(raw) + "' contains U+"
                            + String.format("%04X", cp) + ", which looks like a separator; use a plain '/' only.");
                }
            }
            i += Character.charCount(cp);
        }
    }

    /** An absolute path is accepted only when it names something inside the workspace. */
    private static String insideWorkspace(String raw, Path workspace) throws ArgumentException {
        for (Path root : roots(workspace)) {
            String prefix = root.toString();
            if (raw.equals(prefix)) {
                return "";
            }
            if (raw.startsWith(prefix.endsWith("/") ? prefix : prefix + "/")) {
                return raw.substring(prefix.length());
            }
        }
        throw new ArgumentException("The absolute path '" + printable(raw) + "' is outside the workspace "
                + workspace + "; file tools only reach files inside it. Use a path relative to the workspace.");
    }

    private static List<Path> roots(Path workspace) {
        Path abs = workspace.toAbsolutePath().normalize();
        try {
            Path real = abs.toRealPath();
            return real.equals(abs) ? List.of(abs) : List.of(abs, real);
        } catch (java.io.IOException e) {
            return List.of(abs);
        }
    }

    private static String printable(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    /** @return whether this is the workspace root itself */
    public boolean isRoot() {
        return segments.isEmpty();
    }

    /** @return the folders leading to the last name */
    public List<String> parents() {
        return segments.isEmpty() ? Collections.emptyList() : segments.subList(0, segments.size() - 1);
    }

    /** @return the last name */
    public String name() {
        return segments.get(segments.size() - 1);
    }

    @Override
    public String toString() {
        return segments.isEmpty() ? "." : String.join("/", segments);
    }
}
