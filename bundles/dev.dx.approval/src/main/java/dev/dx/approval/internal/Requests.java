package dev.dx.approval.internal;

import java.util.List;
import java.util.Map;

import dev.dx.api.approval.ExecRequest;

/** What makes a request impossible to run faithfully; such a request is refused, and audited, before any rule. */
final class Requests {
    private static final int MAX_ARGS = 4096;
    private static final int MAX_CHARS = 1 << 20;
    private static final int MAX_ID = 512;

    private Requests() {
    }

    /** @return why the request cannot be decided, or {@code null} when it is well-formed */
    static String problem(ExecRequest r) {
        List<String> argv = r.argv();
        if (argv.size() > MAX_ARGS) {
            return "more than " + MAX_ARGS + " arguments";
        }
        long chars = 0;
        for (int i = 0; i < argv.size(); i++) {
            String a = argv.get(i);
            if (a == null) {
                return "argument " + i + " is missing";
            }
            if (a.indexOf('\0') >= 0) {
                // a program would see the argument cut short at the NUL: what ran would not be what was approved
                return "argument " + i + " contains a NUL character";
            }
            chars += a.length();
        }
        if (argv.get(0).isEmpty()) {
            return "the program name is empty";
        }
        if (!r.cwd().startsWith("/") || r.cwd().indexOf('\0') >= 0) {
            return "the working directory must be an absolute path";
        }
        for (Map.Entry<String, String> e : r.env().entrySet()) {
            String name = e.getKey();
            if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
                return "an environment variable name is empty or contains '=' or NUL";
            }
            if (e.getValue().indexOf('\0') >= 0) {
                return "the value of environment variable " + name + " contains a NUL character";
            }
            chars += name.length() + e.getValue().length();
        }
        if (chars > MAX_CHARS) {
            return "the command and its environment are larger than 1 MiB";
        }
        if (length(r.agentId()) > MAX_ID || length(r.sessionKey()) > MAX_ID) {
            return "the agent id or session key is too long";
        }
        return null;
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }
}
