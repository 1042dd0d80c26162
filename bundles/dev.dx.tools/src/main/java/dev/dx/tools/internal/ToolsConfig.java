package dev.dx.tools.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Limits of the file tools and exec, PID {@code dev.dx.tools} ({@code etc/dev.dx.tools.cfg}). */
@ObjectClassDefinition(name = "DX Tools", description = "Limits of read, write, edit and exec")
public @interface ToolsConfig {
    /** The configuration PID. */
    String PID = "dev.dx.tools";

    @AttributeDefinition(name = "Max read bytes",
            description = "Most bytes of a file that one read returns; the model continues with offset", min = "1024")
    int maxReadBytes() default 131_072;

    @AttributeDefinition(name = "Max write bytes",
            description = "Largest content write accepts, and largest file edit rewrites", min = "1024")
    int maxWriteBytes() default 1_048_576;

    @AttributeDefinition(name = "Exec timeout", description = "Seconds a command may run when the call names none; "
            + "then the command and every process it started are killed", min = "1")
    int execTimeoutSeconds() default 60;

    @AttributeDefinition(name = "Exec max timeout", description = "Largest timeout a call may ask for, in seconds",
            min = "1")
    int execMaxTimeoutSeconds() default 600;

    @AttributeDefinition(name = "Exec output", description = "Bytes of combined stdout and stderr kept: the first "
            + "and the last half; the middle is cut with a note", min = "1024")
    int execMaxOutputBytes() default 65_536;

    @AttributeDefinition(name = "Exec approval wait",
            description = "Seconds exec waits for a decision of the approval service before it refuses", min = "1")
    int execApprovalWaitSeconds() default 900;

    @AttributeDefinition(name = "Exec environment allowlist",
            description = "Variables copied from the gateway's environment into every command's environment; "
                    + "nothing else of the gateway's environment is passed on")
    String[] execEnvAllow() default {"PATH", "HOME", "LANG", "LC_ALL", "TZ"};

    @AttributeDefinition(name = "Exec environment denylist",
            description = "Variables a call may not set (case-insensitive; a trailing * matches a prefix): they make "
                    + "programs load or run other code, or change how argv[0] was resolved")
    String[] execEnvDeny() default {"PATH", "LD_*", "DYLD_*", "BASH_ENV", "ENV", "BASH_FUNC_*", "SHELLOPTS",
        "BASHOPTS", "PS4", "PROMPT_COMMAND", "IFS", "CDPATH", "GLOBIGNORE", "PYTHONSTARTUP", "PYTHONPATH",
        "PYTHONHOME", "PYTHONINSPECT", "PERL5LIB", "PERL5OPT", "PERLLIB", "RUBYLIB", "RUBYOPT", "NODE_OPTIONS",
        "NODE_PATH", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS", "CLASSPATH", "GIT_EXEC_PATH",
        "GIT_SSH", "GIT_SSH_COMMAND", "GIT_ASKPASS", "GIT_CONFIG_*", "SSH_ASKPASS", "EDITOR", "VISUAL", "PAGER",
        "GCONV_PATH", "HOSTALIASES", "LOCALDOMAIN", "RESOLV_HOST_CONF", "MALLOC_*", "GLIBC_TUNABLES"};
}
