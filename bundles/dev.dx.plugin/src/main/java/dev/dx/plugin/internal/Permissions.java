package dev.dx.plugin.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.dx.api.plugin.PluginPermissions;

/**
 * Compares what a manifest requests with what the owner granted. Each requested item must be covered by a grant:
 * a host by the same host, {@code *.domain} or {@code *}; a path by the same path or a folder above it.
 */
public final class Permissions {
    private Permissions() {
    }

    /**
     * @return the missing grants, written as {@code plugin:grant} arguments ({@code kv},
     *         {@code network.hosts=api.example.com}); empty when everything is covered
     */
    public static List<String> missing(PluginPermissions requested, Grant granted) {
        List<String> out = new ArrayList<>();
        for (String h : requested.networkHosts()) {
            if (granted.networkHosts().stream().noneMatch(g -> hostCovers(g, h))) {
                out.add("network.hosts=" + h);
            }
        }
        for (String p : requested.filesystemRead()) {
            if (granted.filesystemRead().stream().noneMatch(g -> pathCovers(g, p))) {
                out.add("filesystem.read=" + p);
            }
        }
        for (String p : requested.filesystemWrite()) {
            if (granted.filesystemWrite().stream().noneMatch(g -> pathCovers(g, p))) {
                out.add("filesystem.write=" + p);
            }
        }
        if (requested.kv() && !granted.kv()) {
            out.add("kv");
        }
        if (requested.process() && !granted.process()) {
            out.add("process");
        }
        return out;
    }

    /** @return what the plugin says to the owner when it cannot start for want of grants */
    public static String problem(String id, List<String> missing) {
        return "plugin '" + id + "' requests permissions that were not granted: " + String.join(", ", missing)
                + ". Grant them with: plugin:grant " + id + " " + String.join(" ", missing)
                + " (or edit etc/dev.dx.plugin-" + id + ".cfg)";
    }

    /** @return whether a granted host pattern covers a requested host or pattern */
    public static boolean hostCovers(String granted, String requested) {
        String g = granted.toLowerCase(Locale.ROOT).strip();
        String r = requested.toLowerCase(Locale.ROOT).strip();
        if (g.equals("*") || g.equals(r)) {
            return true;
        }
        if (g.startsWith("*.")) {
            String suffix = g.substring(1);
            String bare = r.startsWith("*.") ? r.substring(2) : r;
            return bare.endsWith(suffix) && bare.length() > suffix.length();
        }
        return false;
    }

    /** @return whether a granted path is the requested path or a folder above it */
    public static boolean pathCovers(String granted, String requested) {
        Path g = Path.of(granted).normalize();
        Path r = Path.of(requested).normalize();
        return g.isAbsolute() && r.isAbsolute() && r.startsWith(g);
    }
}
