package dev.dx.tools.internal.exec;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import dev.dx.tools.internal.ArgumentException;

/**
 * The complete environment of a command: it starts empty, takes only the allowlisted variables from the gateway's
 * own environment (so tokens and keys the gateway was started with never reach a command), then the variables the
 * call asks for, except those on the denylist.
 */
final class ExecEnvironment {
    /** Used to find programs when the gateway's environment has no PATH to pass on. */
    static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final int MAX_VALUE = 32 * 1024;

    private ExecEnvironment() {
    }

    static Map<String, String> build(Map<String, String> gateway, List<String> allow, List<String> deny,
            Map<String, String> requested) throws ArgumentException {
        Map<String, String> env = new TreeMap<>();
        for (String name : allow) {
            String v = gateway.get(name);
            if (v != null) {
                env.put(name, v);
            }
        }
        for (Map.Entry<String, String> e : requested.entrySet()) {
            String name = e.getKey();
            if (!NAME.matcher(name).matches()) {
                throw new ArgumentException("env name '" + name + "' is not a valid variable name "
                        + "(letters, digits and _, not starting with a digit).");
            }
            String pattern = denied(name, deny);
            if (pattern != null) {
                throw new ArgumentException("env " + name + " may not be set (it matches " + pattern + " on the "
                        + "exec denylist): such variables make programs load or run other code than the command "
                        + "that was approved. Remove it.");
            }
            String value = e.getValue();
            if (value.indexOf('\0') >= 0 || value.length() > MAX_VALUE) {
                throw new ArgumentException("env " + name + " must be at most " + MAX_VALUE
                        + " characters without NUL.");
            }
            env.put(name, value);
        }
        return env;
    }

    /** @return the denylist entry that matches the name (case-insensitively; {@code X*} is a prefix), or null */
    static String denied(String name, List<String> deny) {
        String upper = name.toUpperCase(Locale.ROOT);
        for (String d : deny) {
            String p = d.trim().toUpperCase(Locale.ROOT);
            if (p.endsWith("*") ? upper.startsWith(p.substring(0, p.length() - 1)) : upper.equals(p)) {
                return d.trim();
            }
        }
        return null;
    }
}
