package dev.dx.approval.internal.rules;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Programs that run other programs or code given as text: shells, wrappers and interpreters. Approving one of them
 * approves whatever it is told to run, so only a rule that names the launcher itself, with its arguments spelled out,
 * may approve it.
 */
public final class Launchers {
    private static final Set<String> NAMES = Set.of(
            // shells
            "sh", "bash", "rbash", "dash", "ash", "zsh", "ksh", "mksh", "pdksh", "csh", "tcsh", "fish", "busybox",
            "toybox", "pwsh",
            // wrappers that run their arguments as a command
            "env", "xargs", "nohup", "timeout", "nice", "ionice", "sudo", "doas", "su", "runuser", "setsid",
            "stdbuf", "chroot", "unshare", "nsenter", "flock", "script", "time", "watch", "parallel", "command",
            "exec", "eval", "strace", "ltrace", "gdb", "ssh",
            // interpreters: -c, -e and script files are code
            "awk", "gawk", "mawk", "nawk", "osascript");
    private static final Pattern INTERPRETER = Pattern.compile(
            "(python|pypy|perl|ruby|irb|node|nodejs|deno|bun|php|lua|luajit|tclsh|wish|Rscript|jshell)[0-9.]*");

    private Launchers() {
    }

    /** @return whether a program of this file name runs other programs or code */
    public static boolean is(String name) {
        return name != null && (NAMES.contains(name) || INTERPRETER.matcher(name).matches());
    }
}
