package dev.dx.plugin.internal;

import java.util.List;

/**
 * What the owner granted one plugin, from {@code etc/dev.dx.plugin-<id>.cfg}. Deny by default: without a file a
 * plugin is enabled but granted nothing.
 *
 * @param enabled         whether the plugin may run
 * @param networkHosts    hosts it may reach ({@code *} for any public host)
 * @param filesystemRead  paths it may read
 * @param filesystemWrite paths it may write
 * @param kv              key-value storage
 * @param process         starting processes
 * @param callTimeoutMs   deadline of one call; 0 for the host's default
 * @param memoryMb        memory cap
 */
public record Grant(boolean enabled, List<String> networkHosts, List<String> filesystemRead,
        List<String> filesystemWrite, boolean kv, boolean process, long callTimeoutMs, int memoryMb) {
    /** No configuration file: enabled, nothing granted, default limits. */
    public static final Grant NONE = new Grant(true, List.of(), List.of(), List.of(), false, false, 0, 16);

    /** Copies the lists. */
    public Grant {
        networkHosts = networkHosts == null ? List.of() : List.copyOf(networkHosts);
        filesystemRead = filesystemRead == null ? List.of() : List.copyOf(filesystemRead);
        filesystemWrite = filesystemWrite == null ? List.of() : List.copyOf(filesystemWrite);
    }

    static Grant of(GrantConfig c) {
        return new Grant(c.enabled(), List.of(c.network_hosts()), List.of(c.filesystem_read()),
                List.of(c.filesystem_write()), c.kv(), c.process(), c.callTimeoutMs(), c.memoryMb());
    }
}
