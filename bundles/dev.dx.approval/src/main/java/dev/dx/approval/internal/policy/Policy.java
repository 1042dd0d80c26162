package dev.dx.approval.internal.policy;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What the owner decided about exec in general; rules refine it per command.
 *
 * @param security     deny, allowlist or full
 * @param ask          when a human is asked
 * @param askTimeoutMs how long a human may take
 * @param fallback     what silence means
 */
public record Policy(Security security, Ask ask, long askTimeoutMs, Fallback fallback) {
    public static final long MIN_TIMEOUT_MS = 1000;
    public static final long MAX_TIMEOUT_MS = 86_400_000;

    /** Whether commands may run at all, and which. */
    public enum Security {
        DENY, ALLOWLIST, FULL
    }

    /** When a human is asked. */
    public enum Ask {
        OFF, ON_MISS, ALWAYS
    }

    /** What happens when nobody answers. */
    public enum Fallback {
        DENY, ALLOW
    }

    /** Checks the values; the messages name the key. */
    public Policy {
        if (security == null || ask == null || fallback == null) {
            throw new IllegalArgumentException("security, ask and askFallback must be set");
        }
        if (askTimeoutMs < MIN_TIMEOUT_MS || askTimeoutMs > MAX_TIMEOUT_MS) {
            throw new IllegalArgumentException("askTimeoutMs must be between " + MIN_TIMEOUT_MS + " and "
                    + MAX_TIMEOUT_MS + " milliseconds, got " + askTimeoutMs);
        }
    }

    /** @return the policy from configuration values as written ({@code "on-miss"} …) */
    public static Policy of(String security, String ask, long askTimeoutMs, String fallback) {
        return new Policy(parse(Security.class, "security", security, "deny, allowlist or full"),
                parse(Ask.class, "ask", ask, "off, on-miss or always"), askTimeoutMs,
                parse(Fallback.class, "askFallback", fallback, "deny or allow"));
    }

    /** @return a copy with the given values changed ({@code null} keeps the current one) */
    public Policy with(String security, String ask, Long askTimeoutMs, String fallback) {
        return new Policy(security == null ? this.security
                : parse(Security.class, "security", security, "deny, allowlist or full"),
                ask == null ? this.ask : parse(Ask.class, "ask", ask, "off, on-miss or always"),
                askTimeoutMs == null ? this.askTimeoutMs : askTimeoutMs,
                fallback == null ? this.fallback : parse(Fallback.class, "askFallback", fallback, "deny or allow"));
    }

    /** @return the policy as configuration keys and values, as {@code etc/dev.dx.approval.cfg} spells them */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("security", wire(security));
        m.put("ask", wire(ask));
        m.put("askTimeoutMs", askTimeoutMs);
        m.put("askFallback", wire(fallback));
        return m;
    }

    /** @return the wire name of a mode, e.g. {@code "on-miss"} */
    public static String wire(Enum<?> mode) {
        return mode.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String key, String value, String accepted) {
        if (value != null) {
            String name = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
            for (E e : type.getEnumConstants()) {
                if (e.name().equals(name)) {
                    return e;
                }
            }
        }
        throw new IllegalArgumentException(key + " must be " + accepted + ", got '" + value + "'");
    }
}
