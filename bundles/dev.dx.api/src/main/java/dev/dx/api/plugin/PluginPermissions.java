package dev.dx.api.plugin;

import java.util.List;

/**
 * Permissions, as a manifest requests them or as the owner granted them. Deny by default: an empty instance allows
 * nothing beyond computing and logging.
 *
 * @param networkHosts    host names reachable over HTTP(S): exact ({@code api.example.com}) or a subdomain wildcard
 *                        ({@code *.example.com})
 * @param filesystemRead  absolute paths (files or folders) the plugin may read
 * @param filesystemWrite absolute paths the plugin may write
 * @param kv              whether the plugin may use its key-value store
 * @param process         whether the plugin may start processes (script and native runtimes only)
 * @since 0.1
 */
public record PluginPermissions(List<String> networkHosts, List<String> filesystemRead, List<String> filesystemWrite,
        boolean kv, boolean process) {
    /** Nothing at all. */
    public static final PluginPermissions NONE = new PluginPermissions(List.of(), List.of(), List.of(), false, false);

    /** Normalises nulls and copies the lists. */
    public PluginPermissions {
        networkHosts = networkHosts == null ? List.of() : List.copyOf(networkHosts);
        filesystemRead = filesystemRead == null ? List.of() : List.copyOf(filesystemRead);
        filesystemWrite = filesystemWrite == null ? List.of() : List.copyOf(filesystemWrite);
    }

    /** @return whether nothing is requested or granted */
    public boolean isEmpty() {
        return networkHosts.isEmpty() && filesystemRead.isEmpty() && filesystemWrite.isEmpty() && !kv && !process;
    }
}
