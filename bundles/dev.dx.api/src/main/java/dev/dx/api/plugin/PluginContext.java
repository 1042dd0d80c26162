package dev.dx.api.plugin;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything a runtime needs to load one plugin.
 *
 * @param manifest    the verified manifest
 * @param folder      the verified private copy of the package, owner-only; load from here and nowhere else
 * @param permissions what the plugin may use: what it requested, each item covered by a grant
 * @param limits      memory and time limits
 * @param host        the host callbacks for this plugin
 * @since 0.1
 */
public record PluginContext(PluginManifest manifest, Path folder, PluginPermissions permissions, PluginLimits limits,
        PluginHost host) {
    /** Checks that nothing is missing. */
    public PluginContext {
        Objects.requireNonNull(manifest, "manifest must not be null");
        Objects.requireNonNull(folder, "folder must not be null");
        Objects.requireNonNull(permissions, "permissions must not be null");
        Objects.requireNonNull(limits, "limits must not be null");
        Objects.requireNonNull(host, "host must not be null");
    }

    /** @return the entry file inside {@link #folder()} */
    public Path entry() {
        return folder.resolve(manifest.entry());
    }
}
