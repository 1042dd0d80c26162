package dev.dx.plugin.wasm.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The WASM runtime's settings, PID {@code dev.dx.plugin.wasm} ({@code etc/dev.dx.plugin.wasm.cfg}). */
@ObjectClassDefinition(name = "DX WASM plugin runtime", description = "Limits and execution mode of WebAssembly plugins")
public @interface WasmConfig {
    /** The configuration PID. */
    String PID = "dev.dx.plugin.wasm";

    @AttributeDefinition(name = "Memory pages ceiling", description = "The most 64 KiB pages any WASM plugin may have, "
            + "whatever its memoryMb grant says (1024 pages = 64 MiB); memory.grow past a plugin's cap returns -1",
            min = "1", max = "32767")
    int maxMemoryPages() default 1024;

    @AttributeDefinition(name = "Compile", description = "Compile plugins to JVM bytecode (faster calls, slower "
            + "load); false runs Chicory's interpreter")
    boolean compile() default true;

    @AttributeDefinition(name = "Stack size", description = "KiB of Java stack for a plugin's call thread; deep "
            + "recursion in a plugin ends in a trap when it is used up", min = "128", max = "65536")
    int stackKb() default 1024;

    @AttributeDefinition(name = "Max output", description = "Bytes a call may return, and a host call may pass",
            min = "1024")
    int maxOutputBytes() default 4_194_304;

    @AttributeDefinition(name = "Stop grace", description = "Milliseconds a plugin call past its deadline gets to "
            + "notice the interruption before its thread is abandoned", min = "10")
    long stopGraceMs() default 2000;
}
