package dev.dx.config.internal.schema;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.ObjectClassDefinition;

import dev.dx.config.internal.References;

/**
 * Checks raw configuration values against a component's MetaType before anything is applied: unknown keys, types,
 * ranges and options, required keys, unset environment variables. Values are stored as written (references stay
 * unresolved); multi-valued attributes are split on commas. Problems quote a bad value only when it is what the file
 * says and not a password: they go to the log, {@code status} and events.
 */
public final class Validator {
    /** Keys any configuration may carry. */
    private static final Set<String> FRAMEWORK_KEYS = Set.of("service.pid", "service.factoryPid",
            "felix.fileinstall.filename", "service.ranking", "component.name");

    /**
     * The outcome.
     *
     * @param values   what to store in ConfigurationAdmin (String or String[] values)
     * @param problems what is wrong; empty when valid
     */
    public record Result(Map<String, Object> values, List<Problem> problems) {
        public boolean valid() {
            return problems.isEmpty();
        }
    }

    private Validator() {
    }

    /**
     * @param schema the schema, or {@code null} when none is known (then only references are checked)
     * @param env    environment lookup for {@code ${env:...}}
     */
    public static Result check(SchemaRegistry.Schema schema, Map<String, String> raw, Function<String, String> env) {
        ObjectClassDefinition ocd = schema == null ? null : schema.ocd();
        Map<String, String[]> limits = schema == null ? Map.of() : schema.limits();
        Map<String, Object> values = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        Map<String, AttributeDefinition> ads = new LinkedHashMap<>();
        if (ocd != null) {
            AttributeDefinition[] all = ocd.getAttributeDefinitions(ObjectClassDefinition.ALL);
            for (AttributeDefinition ad : all == null ? new AttributeDefinition[0] : all) {
                ads.put(ad.getID(), ad);
            }
        }
        for (Map.Entry<String, String> e : raw.entrySet()) {
            String key = e.getKey();
            String value = e.getValue();
            AttributeDefinition ad = ads.get(key);
            if (ad == null && ocd != null && !FRAMEWORK_KEYS.contains(key) && !key.startsWith(".")) {
                problems.add(new Problem(key, "unknown key; known keys: " + String.join(", ", new TreeSet<>(ads.keySet()))));
                continue;
            }
            Set<String> unresolved = new HashSet<>();
            String resolved = References.resolve(value, env, s -> Optional.of("secret"), unresolved);
            if (!unresolved.isEmpty()) {
                String ref = unresolved.iterator().next();
                problems.add(new Problem(key, "environment variable " + ref.substring(4) + " is not set; set it, or give "
                        + "a default with ${" + ref + ":-value}"));
                continue;
            }
            if (ad == null) {
                values.put(key, value);
                continue;
            }
            boolean secretRef = References.hasSecret(value);
            if (secretRef && ad.getType() != AttributeDefinition.STRING && ad.getType() != AttributeDefinition.PASSWORD) {
                problems.add(new Problem(key, "a ${secret:...} reference only fits text values"));
                continue;
            }
            // what a problem may quote: never a password, nor what a reference resolved to (an environment
            // variable may hold a secret), only what the file says
            String shown = ad.getType() == AttributeDefinition.PASSWORD ? "the value"
                    : resolved.equals(value) ? null : "the value of " + value;
            if (ad.getCardinality() != 0) {
                String[] rawParts = split(value);
                String[] resolvedParts = split(resolved);
                boolean ok = true;
                for (String part : resolvedParts) {
                    ok &= checkOne(ad, limits.get(key), key, part, shown, secretRef, problems);
                }
                int max = Math.abs(ad.getCardinality());
                if (ok && max != Integer.MAX_VALUE && resolvedParts.length > max) {
                    problems.add(new Problem(key, "at most " + max + " values"));
                    ok = false;
                }
                if (ok) {
                    values.put(key, rawParts);
                }
            } else if (checkOne(ad, limits.get(key), key, resolved, shown, secretRef, problems)) {
                values.put(key, value);
            }
        }
        for (AttributeDefinition ad : ads.values()) {
            boolean required = ocd.getAttributeDefinitions(ObjectClassDefinition.REQUIRED) != null
                    && Arrays.asList(ocd.getAttributeDefinitions(ObjectClassDefinition.REQUIRED)).contains(ad);
            if (required && ad.getDefaultValue() == null && !raw.containsKey(ad.getID())) {
                problems.add(new Problem(ad.getID(), "missing; it is required (" + ad.getDescription() + ")"));
            }
        }
        return new Result(values, problems);
    }

    /** @param shown how a problem names the value, or {@code null} to quote it */
    private static boolean checkOne(AttributeDefinition ad, String[] minMax, String key, String value, String shown,
            boolean secretRef, List<Problem> problems) {
        if (secretRef) {
            return true;
        }
        String problem = typeProblem(ad.getType(), value);
        if (problem == null) {
            problem = rangeProblem(ad.getType(), minMax, value);
        }
        String[] options = ad.getOptionValues();
        if (problem == null && options != null && options.length > 0 && !Arrays.asList(options).contains(value)) {
            problem = "is not one of " + String.join(", ", options);
        }
        if (problem != null) {
            problems.add(new Problem(key, (shown == null ? "'" + value + "'" : shown) + " " + problem));
            return false;
        }
        return true;
    }

    /** Min and max from the MetaType: bounds for numbers, lengths for text. */
    static String rangeProblem(int type, String[] minMax, String value) {
        if (minMax == null) {
            return null;
        }
        boolean numeric = type != AttributeDefinition.STRING && type != AttributeDefinition.PASSWORD
                && type != AttributeDefinition.BOOLEAN && type != AttributeDefinition.CHARACTER;
        double v = numeric ? Double.parseDouble(value.strip()) : value.length();
        String unit = numeric ? "" : " characters long";
        if (!minMax[0].isEmpty() && v < Double.parseDouble(minMax[0])) {
            return "is too small: it must be at least " + minMax[0] + unit;
        }
        if (!minMax[1].isEmpty() && v > Double.parseDouble(minMax[1])) {
            return "is too large: it must be at most " + minMax[1] + unit;
        }
        return null;
    }

    static String typeProblem(int type, String v) {
        try {
            switch (type) {
                case AttributeDefinition.INTEGER -> Integer.parseInt(v.strip());
                case AttributeDefinition.LONG -> Long.parseLong(v.strip());
                case AttributeDefinition.SHORT -> Short.parseShort(v.strip());
                case AttributeDefinition.BYTE -> Byte.parseByte(v.strip());
                case AttributeDefinition.DOUBLE, AttributeDefinition.FLOAT -> {
                    double d = Double.parseDouble(v.strip());
                    if (Double.isNaN(d) || Double.isInfinite(d)) {
                        return "is not a finite number";
                    }
                }
                case AttributeDefinition.BOOLEAN -> {
                    String b = v.strip().toLowerCase(Locale.ROOT);
                    if (!b.equals("true") && !b.equals("false")) {
                        return "is not a boolean: use true or false";
                    }
                }
                case AttributeDefinition.CHARACTER -> {
                    if (v.length() != 1) {
                        return "is not a single character";
                    }
                }
                default -> {
                    return null;
                }
            }
            return null;
        } catch (NumberFormatException e) {
            return type == AttributeDefinition.DOUBLE || type == AttributeDefinition.FLOAT ? "is not a number"
                    : "is not a whole number" + (type == AttributeDefinition.INTEGER ? " (32-bit)" : "");
        }
    }

    static String[] split(String v) {
        if (v.isBlank()) {
            return new String[0];
        }
        return Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toArray(String[]::new);
    }
}
