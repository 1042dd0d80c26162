package dev.dx.plugin.script.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The script runtime's settings, PID {@code dev.dx.plugin.script} ({@code etc/dev.dx.plugin.script.cfg}). */
@ObjectClassDefinition(name = "DX script plugin runtime", description = "Node.js, heap cap and restart policy of "
        + "JavaScript plugins")
public @interface ScriptConfig {
    /** The configuration PID. */
    String PID = "dev.dx.plugin.script";

    @AttributeDefinition(name = "Node.js", description = "The node executable: a name looked up on the PATH, or an "
            + "absolute path; version 20 or later")
    String nodePath() default "node";

    @AttributeDefinition(name = "Heap ceiling", description = "MiB of V8 heap (--max-old-space-size) any script "
            + "plugin may have, whatever its memoryMb grant says", min = "8", max = "16384")
    int maxHeapMb() default 256;

    @AttributeDefinition(name = "Start timeout", description = "Milliseconds a plugin's process has to load its "
            + "entry module and say it is ready", min = "100")
    long startTimeoutMs() default 10_000;

    @AttributeDefinition(name = "First restart delay", description = "Milliseconds before a crashed plugin's "
            + "process is started again; doubled after every crash in a row, plus up to 20% jitter", min = "1")
    long restartDelayMs() default 250;

    @AttributeDefinition(name = "Longest restart delay", description = "The most milliseconds between restarts of "
            + "a plugin that keeps crashing", min = "1")
    long maxRestartDelayMs() default 30_000;

    @AttributeDefinition(name = "Max line", description = "Bytes one protocol line from a plugin may have; a longer "
            + "one is a protocol violation and the process is killed", min = "1024")
    int maxLineBytes() default 4_194_304;

    @AttributeDefinition(name = "Stop grace", description = "Milliseconds a plugin's process gets to exit after its "
            + "input is closed, before it is killed", min = "0")
    long stopGraceMs() default 1000;
}
