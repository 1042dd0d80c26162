package dev.dx.memory.internal.tool;

import java.util.Map;

import dev.dx.api.tool.ToolInvocation;

/** Reads tool arguments as the model sent them, with messages the model can act on. */
final class ToolArgs {
    private ToolArgs() {
    }

    /** @return the arguments of a call, empty if the model sent none */
    static Map<String, Object> of(ToolInvocation invocation) {
        return invocation.arguments() == null ? Map.of() : invocation.arguments();
    }

    static String string(Map<String, Object> args, String name, boolean required) {
        Object v = args.get(name);
        if (v == null || (v instanceof String && ((String) v).isBlank())) {
            if (required) {
                throw new IllegalArgumentException("'" + name + "' is required");
            }
            return null;
        }
        if (!(v instanceof String)) {
            throw new IllegalArgumentException("'" + name + "' must be a string");
        }
        return ((String) v).strip();
    }

    static int integer(Map<String, Object> args, String name, int fallback, int min, int max) {
        Object v = args.get(name);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Number) || ((Number) v).doubleValue() != Math.rint(((Number) v).doubleValue())) {
            throw new IllegalArgumentException("'" + name + "' must be an integer");
        }
        long n = ((Number) v).longValue();
        if (n < min || n > max) {
            throw new IllegalArgumentException("'" + name + "' must be between " + min + " and " + max);
        }
        return (int) n;
    }
}
