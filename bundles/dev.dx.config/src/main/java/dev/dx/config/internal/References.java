package dev.dx.config.internal;

import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${env:NAME}}, {@code ${env:NAME:-default}} and {@code ${secret:name}} in configuration values. They are kept
 * as written in files and in ConfigurationAdmin's storage, and resolved only when a component is configured, so a
 * secret is never written anywhere in clear.
 */
public final class References {
    static final Pattern REF = Pattern.compile("\\$\\{(env|secret):([A-Za-z0-9_.\\-]+)(?::-([^}]*))?}");

    private References() {
    }

    /** @return whether the value refers to the secret store */
    public static boolean hasSecret(String raw) {
        Matcher m = REF.matcher(raw);
        while (m.find()) {
            if (m.group(1).equals("secret")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Resolves references.
     *
     * @param env        environment lookup
     * @param secrets    secret lookup; empty when the secret is unknown or the store is locked
     * @param unresolved collects what could not be resolved ({@code env:NAME} or {@code secret:name})
     * @return the value with every resolvable reference replaced; unresolvable ones stay as written
     */
    public static String resolve(String raw, Function<String, String> env, Function<String, Optional<String>> secrets,
            Set<String> unresolved) {
        if (raw.indexOf("${") < 0) {
            return raw;
        }
        Matcher m = REF.matcher(raw);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String kind = m.group(1);
            String name = m.group(2);
            String value;
            if (kind.equals("env")) {
                value = env.apply(name);
                if ((value == null || value.isEmpty()) && m.group(3) != null) {
                    value = m.group(3);
                }
            } else {
                value = secrets.apply(name).orElse(null);
            }
            if (value == null) {
                unresolved.add(kind + ":" + name);
                value = m.group();
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
