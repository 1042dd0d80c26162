package dev.dx.plugin.script.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.dx.api.plugin.PluginContext;
import dev.dx.api.plugin.PluginException;
import dev.dx.api.plugin.PluginPermissions;

/**
 * The command line that starts a plugin's process under Node's permission model: reads limited to the runner, the
 * plugin's folder and its granted paths, writes to its granted write paths, child processes only with the
 * {@code process} permission, never workers, addons or WASI; a V8 heap cap; no warnings on the protocol pipe.
 */
final class Sandbox {
    private Sandbox() {
    }

    static List<String> command(NodeBinary node, Path runner, PluginContext ctx, int heapMb) {
        PluginPermissions perms = ctx.permissions();
        List<String> c = new ArrayList<>();
        c.add(node.path().toString());
        c.add(node.permissionFlag());
        c.add("--no-warnings");
        c.add("--no-addons");
        c.add("--max-old-space-size=" + heapMb);
        c.add("--allow-fs-read=" + checked(runner.toString()));
        c.add("--allow-fs-read=" + checked(ctx.folder().toString()));
        for (String p : perms.filesystemRead()) {
            c.add("--allow-fs-read=" + checked(p));
        }
        for (String p : perms.filesystemWrite()) {
            // what a plugin may write it may read back
            c.add("--allow-fs-read=" + checked(p));
            c.add("--allow-fs-write=" + checked(p));
        }
        if (perms.process()) {
            c.add("--allow-child-process");
        }
        c.add(runner.toString());
        c.add(ctx.entry().toString());
        return c;
    }

    /** Node 20 splits these flags at commas, so a path with one would grant something else than it says. */
    private static String checked(String path) {
        if (!Path.of(path).isAbsolute() || path.indexOf(',') >= 0) {
            throw new PluginException(PluginException.Code.INVALID, "script plugins' paths must be absolute and "
                    + "contain no comma: '" + path + "'");
        }
        return path;
    }
}
