package dev.dx.tools.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Typed, strict access to the arguments a model sent: unknown names and wrong types are refused, never guessed. */
public final class Args {
    private final Map<String, Object> raw;

    private Args(Map<String, Object> raw) {
        this.raw = raw;
    }

    /**
     * @param raw   the arguments as the model sent them (may be null: no arguments)
     * @param known the argument names the tool accepts
     * @return the arguments, once every name is known
     */
    public static Args of(Map<String, Object> raw, Set<String> known) throws ArgumentException {
        Map<String, Object> args = raw == null ? Map.of() : raw;
        Set<String> unknown = new TreeSet<>();
        for (String name : args.keySet()) {
            if (name == null || !known.contains(name)) {
                unknown.add(String.valueOf(name));
            }
        }
        if (!unknown.isEmpty()) {
            throw new ArgumentException("Unknown argument(s) " + unknown + "; this tool accepts only "
                    + new TreeSet<>(known) + ".");
        }
        return new Args(args);
    }

    /** @return whether the argument is present and not null */
    public boolean has(String name) {
        return raw.get(name) != null;
    }

    /** @return a required string argument */
    public String string(String name) throws ArgumentException {
        Object v = raw.get(name);
        if (v == null) {
            throw new ArgumentException("Missing argument '" + name + "'.");
        }
        if (!(v instanceof String)) {
            throw new ArgumentException("Argument '" + name + "' must be a string, not " + kind(v) + ".");
        }
        return (String) v;
    }

    /** @return an optional string argument, or {@code def} */
    public String string(String name, String def) throws ArgumentException {
        return has(name) ? string(name) : def;
    }

    /** @return an optional whole number within [min, max], or {@code def} */
    public long integer(String name, long def, long min, long max) throws ArgumentException {
        Object v = raw.get(name);
        if (v == null) {
            return def;
        }
        long n;
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            n = ((Number) v).longValue();
        } else if (v instanceof Number && isWhole(((Number) v).doubleValue())) {
            n = ((Number) v).longValue();
        } else if (v instanceof String && ((String) v).matches("-?[0-9]{1,18}")) {
            n = Long.parseLong((String) v);
        } else {
            throw new ArgumentException("Argument '" + name + "' must be a whole number, not " + kind(v) + ".");
        }
        if (n < min || n > max) {
            throw new ArgumentException("Argument '" + name + "' must be between " + min + " and " + max
                    + ", got " + n + ".");
        }
        return n;
    }

    /** @return a required non-empty list of strings with at most {@code maxItems} items */
    public List<String> strings(String name, int maxItems) throws ArgumentException {
        Object v = raw.get(name);
        if (v == null) {
            throw new ArgumentException("Missing argument '" + name + "'.");
        }
        if (!(v instanceof List)) {
            throw new ArgumentException("Argument '" + name + "' must be an array of strings, not " + kind(v) + ".");
        }
        List<?> list = (List<?>) v;
        if (list.isEmpty() || list.size() > maxItems) {
            throw new ArgumentException("Argument '" + name + "' must have 1 to " + maxItems + " items, got "
                    + list.size() + ".");
        }
        List<String> result = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            if (!(item instanceof String)) {
                throw new ArgumentException(name + "[" + i + "] must be a string, not " + kind(item) + ".");
            }
            result.add((String) item);
        }
        return Collections.unmodifiableList(result);
    }

    /** @return an optional object of string values (empty if absent), at most {@code maxEntries} entries */
    public Map<String, String> stringMap(String name, int maxEntries) throws ArgumentException {
        Object v = raw.get(name);
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map)) {
            throw new ArgumentException("Argument '" + name + "' must be an object of strings, not " + kind(v) + ".");
        }
        Map<?, ?> map = (Map<?, ?>) v;
        if (map.size() > maxEntries) {
            throw new ArgumentException("Argument '" + name + "' may have at most " + maxEntries + " entries.");
        }
        Map<String, String> result = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String) || !(e.getValue() instanceof String)) {
                throw new ArgumentException(name + "." + e.getKey() + " must be a string, not "
                        + kind(e.getValue()) + ".");
            }
            result.put((String) e.getKey(), (String) e.getValue());
        }
        return Collections.unmodifiableMap(result);
    }

    private static boolean isWhole(double d) {
        return !Double.isNaN(d) && !Double.isInfinite(d) && d == Math.rint(d) && Math.abs(d) < 1e18;
    }

    private static String kind(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String) {
            return "a string";
        }
        if (v instanceof Number) {
            return "a number";
        }
        if (v instanceof Boolean) {
            return "a boolean";
        }
        if (v instanceof List) {
            return "an array";
        }
        if (v instanceof Map) {
            return "an object";
        }
        return v.getClass().getSimpleName();
    }
}
