package dev.dx.plugin.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One plugin's grants, factory PID {@code dev.dx.plugin}: the file {@code etc/dev.dx.plugin-<id>.cfg} is the
 * configuration of plugin {@code <id>}.
 */
@ObjectClassDefinition(name = "DX plugin permissions", description = "What one plugin may use; the file name says "
        + "which plugin: etc/dev.dx.plugin-<id>.cfg. Nothing is granted unless listed here.")
public @interface GrantConfig {
    /** The factory PID. */
    String PID = "dev.dx.plugin";

    @AttributeDefinition(name = "Enabled", description = "false stops the plugin and keeps it stopped")
    boolean enabled() default true;

    @AttributeDefinition(name = "Network hosts", description = "Hosts the plugin may reach over HTTP(S), e.g. "
            + "api.example.com or *.example.com; * for any public host. Private addresses stay blocked unless "
            + "etc/dev.dx.tools.fetch.cfg allows them")
    String[] network_hosts() default {};

    @AttributeDefinition(name = "Readable paths", description = "Absolute paths (files or folders) the plugin may read")
    String[] filesystem_read() default {};

    @AttributeDefinition(name = "Writable paths", description = "Absolute paths the plugin may write")
    String[] filesystem_write() default {};

    @AttributeDefinition(name = "Key-value store", description = "Whether the plugin may keep data in its own "
            + "key-value store")
    boolean kv() default false;

    @AttributeDefinition(name = "Processes", description = "Whether the plugin may start processes (script and "
            + "native plugins)")
    boolean process() default false;

    @AttributeDefinition(name = "Call timeout", description = "Milliseconds one call may take; 0: the host's default "
            + "(defaultCallTimeoutMs in etc/dev.dx.plugin.host.cfg)", min = "0", max = "600000")
    long callTimeoutMs() default 0;

    @AttributeDefinition(name = "Memory", description = "Megabytes of memory the plugin may use (a WASM plugin's "
            + "linear memory, a script's heap)", min = "1", max = "4096")
    int memoryMb() default 16;
}
