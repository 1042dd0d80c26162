package dev.dx.plugin.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.dx.plugin.internal.pkg.ManifestParser;
import dev.dx.util.fs.OwnerOnly;

/**
 * Edits {@code etc/dev.dx.plugin-<id>.cfg} for {@code plugin:grant} and {@code plugins.setEnabled}: the keys changed
 * are rewritten in place, every other line and comment is kept, and the file is replaced atomically. DX's
 * configuration bundle then validates and applies it like any edit by hand.
 */
final class GrantFiles {
    private static final Pattern LINE = Pattern.compile("\\s*([A-Za-z0-9_.\\-]+)\\s*[=:]\\s*(.*?)\\s*");

    private final Path etc;

    GrantFiles(Path etc) {
        this.etc = etc;
    }

    Path file(String id) {
        // The id becomes part of a file name in etc/: only what a manifest may declare, never '/', '..' or NUL.
        if (id == null || !ManifestParser.ID.matcher(id).matches()) {
            throw new IllegalArgumentException("'" + id + "' is not a plugin id (2 to 64 characters: lowercase "
                    + "letters, digits and '-', starting with a letter); see plugin:list for the installed ones");
        }
        return etc.resolve("dev.dx.plugin-" + id + ".cfg");
    }

    /** @return the keys and raw values of a plugin's file; empty if there is none */
    synchronized Map<String, String> read(String id) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        Path f = file(id);
        if (Files.exists(f)) {
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                Matcher m = LINE.matcher(line);
                if (!line.strip().startsWith("#") && !line.strip().startsWith("!") && m.matches()) {
                    out.put(m.group(1), m.group(2));
                }
            }
        }
        return out;
    }

    /**
     * Sets keys of a plugin's file.
     *
     * @return the grant the file describes now
     */
    synchronized Grant update(String id, Map<String, String> changes) throws IOException {
        Path f = file(id);
        List<String> lines = Files.exists(f) ? new ArrayList<>(Files.readAllLines(f, StandardCharsets.UTF_8))
                : new ArrayList<>(List.of("# What plugin '" + id + "' may use (written by plugin:grant; edit freely).",
                        "# Keys: enabled, network.hosts, filesystem.read, filesystem.write, kv, process, callTimeoutMs, "
                                + "memoryMb"));
        Map<String, String> left = new LinkedHashMap<>(changes);
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = LINE.matcher(lines.get(i));
            if (!lines.get(i).strip().startsWith("#") && m.matches() && left.containsKey(m.group(1))) {
                lines.set(i, m.group(1) + " = " + left.remove(m.group(1)));
            }
        }
        left.forEach((k, v) -> lines.add(k + " = " + v));
        Files.createDirectories(etc);
        OwnerOnly.replace(f, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        return grant(read(id));
    }

    /** @return the grant raw values describe, defaults for what they leave out */
    static Grant grant(Map<String, String> raw) {
        Grant d = Grant.NONE;
        return new Grant(bool(raw.get("enabled"), d.enabled()), list(raw.get("network.hosts")),
                list(raw.get("filesystem.read")), list(raw.get("filesystem.write")), bool(raw.get("kv"), false),
                bool(raw.get("process"), false), raw.containsKey("callTimeoutMs")
                        ? Long.parseLong(raw.get("callTimeoutMs")) : d.callTimeoutMs(),
                raw.containsKey("memoryMb") ? Integer.parseInt(raw.get("memoryMb")) : d.memoryMb());
    }

    static List<String> list(String v) {
        return v == null || v.isBlank() ? List.of()
                : Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static boolean bool(String v, boolean dflt) {
        return v == null ? dflt : Boolean.parseBoolean(v.strip());
    }
}
