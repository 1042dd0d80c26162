package dev.dx.plugin.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The plugin host's settings, PID {@code dev.dx.plugin.host} ({@code etc/dev.dx.plugin.host.cfg}). */
@ObjectClassDefinition(name = "DX plugin host", description = "Where plugins come from, whom to trust, and how much "
        + "failure the host tolerates")
public @interface HostConfig {
    /** The configuration PID. */
    String PID = "dev.dx.plugin.host";

    @AttributeDefinition(name = "Deploy folder", description = "Folder watched for .dxp packages; empty: "
            + "${karaf.base}/deploy, the folder FileInstall watches")
    String deployDir() default "";

    @AttributeDefinition(name = "Trusted keys", description = "Folder of *.pub files whose signatures are accepted; "
            + "empty: ${karaf.etc}/dx-trusted-keys")
    String trustedKeysDir() default "";

    @AttributeDefinition(name = "Data folder", description = "Where verified private copies and the key-value store "
            + "live; empty: ${karaf.data}/dx/plugins")
    String dataDir() default "";

    @AttributeDefinition(name = "Default call timeout", description = "Milliseconds a plugin call may take unless "
            + "its own callTimeoutMs says otherwise", min = "10", max = "600000")
    long defaultCallTimeoutMs() default 30_000;

    @AttributeDefinition(name = "Failures before disabling", description = "A plugin whose calls fail this many "
            + "times in a row (timeouts, traps, crashes) is disabled until it is enabled again", min = "1")
    int maxFailuresInARow() default 5;

    @AttributeDefinition(name = "Max package entries", description = "Files a package may hold", min = "2")
    int maxPackageEntries() default 256;

    @AttributeDefinition(name = "Max package bytes", description = "Bytes a package may unpack to", min = "1024")
    long maxPackageBytes() default 67_108_864;
}
