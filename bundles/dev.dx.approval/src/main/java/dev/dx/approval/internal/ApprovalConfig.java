package dev.dx.approval.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * The exec approval policy, PID {@code dev.dx.approval} ({@code etc/dev.dx.approval.cfg}). The defaults are the
 * secure ones: only commands a rule approves run without asking, anything else waits for a human, and silence denies.
 */
@ObjectClassDefinition(name = "DX Exec approvals", description = "Whether and how agents may run commands")
public @interface ApprovalConfig {
    /** The configuration PID. */
    String PID = "dev.dx.approval";

    @AttributeDefinition(name = "Security", description = "deny: no command runs; allowlist: only commands a rule "
            + "approves (or a human allows); full: any command not denied by a rule",
            options = {@Option(label = "deny", value = "deny"), @Option(label = "allowlist", value = "allowlist"),
                @Option(label = "full", value = "full")})
    String security() default "allowlist";

    @AttributeDefinition(name = "Ask", description = "off: never ask a human; on-miss: ask when no rule decides; "
            + "always: ask even when a rule would approve",
            options = {@Option(label = "off", value = "off"), @Option(label = "on-miss", value = "on-miss"),
                @Option(label = "always", value = "always")})
    String ask() default "on-miss";

    @AttributeDefinition(name = "Ask timeout", description = "Milliseconds a command waits for a human decision "
            + "before the fallback applies", min = "1000", max = "86400000")
    long askTimeoutMs() default 120_000;

    @AttributeDefinition(name = "Fallback", description = "What happens when nobody answers in time: deny or allow",
            options = {@Option(label = "deny", value = "deny"), @Option(label = "allow", value = "allow")})
    String askFallback() default "deny";

    @AttributeDefinition(name = "Search path", description = "Folders a bare program name is looked up in, in order. "
            + "Rules that name a program without a path match only programs found in these folders")
    String[] searchPath() default {"/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"};

    @AttributeDefinition(name = "Claim window", description = "Milliseconds after a decision within which an allowed "
            + "command must be claimed (started); later it needs a new decision", min = "1000", max = "86400000")
    long claimWindowMs() default 600_000;

    @AttributeDefinition(name = "Audit retention", description = "Days the audit trail keeps a decision", min = "1",
            max = "3650")
    int auditRetentionDays() default 90;
}
