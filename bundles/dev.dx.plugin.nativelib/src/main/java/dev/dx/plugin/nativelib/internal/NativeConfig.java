package dev.dx.plugin.nativelib.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The native runtime's settings, PID {@code dev.dx.plugin.nativelib} ({@code etc/dev.dx.plugin.nativelib.cfg}). */
@ObjectClassDefinition(name = "DX native plugin runtime", description = "Call threads and output limits of native "
        + "shared-library plugins")
public @interface NativeConfig {
    /** The configuration PID. */
    String PID = "dev.dx.plugin.nativelib";

    @AttributeDefinition(name = "Concurrent calls", description = "Native calls that may run at once, all plugins "
            + "together; a call waits for a free thread until its deadline", min = "1", max = "256")
    int maxConcurrentCalls() default 8;

    @AttributeDefinition(name = "Stuck calls", description = "Threads left in native code past their call's deadline "
            + "(they cannot be stopped); once this many exist, native calls are refused until some return", min = "1",
            max = "256")
    int maxStuckCalls() default 4;

    @AttributeDefinition(name = "Max output", description = "Bytes a call may return", min = "1024")
    int maxOutputBytes() default 4_194_304;
}
