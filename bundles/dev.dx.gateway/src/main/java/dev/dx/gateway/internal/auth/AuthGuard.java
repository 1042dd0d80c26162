package dev.dx.gateway.internal.auth;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;

import dev.dx.gateway.internal.GatewayConfig;

/**
 * Slows down token guessing: after a number of failed authentications within a minute a client is locked out, for
 * a time that doubles with each repeat (up to 15 minutes). A client is its address plus, for browsers, its Origin —
 * so a hostile page on this machine locks out itself, not the owner's command-line tools.
 */
@Component(service = AuthGuard.class, configurationPid = GatewayConfig.PID)
public final class AuthGuard {
    private static final long WINDOW_NS = TimeUnit.MINUTES.toNanos(1);
    private static final long MAX_LOCKOUT_MS = TimeUnit.MINUTES.toMillis(15);
    private static final int MAX_TRACKED = 10_000;

    private final Map<String, Attempts> attempts = new ConcurrentHashMap<>();
    private volatile int threshold;
    private volatile long lockoutMs;

    private static final class Attempts {
        long windowStart;
        int failures;
        int lockouts;
        long lockedUntil;
    }

    @Activate
    @Modified
    void configure(GatewayConfig config) {
        this.threshold = config.authFailuresBeforeLockout();
        this.lockoutMs = config.authLockoutMs();
    }

    /** @return the key that failed attempts are counted under */
    public static String key(String address, String origin) {
        return origin == null ? address : address + " " + origin;
    }

    /** @return milliseconds until {@code key} may try again, or 0 if it is not locked out */
    public long retryAfterMs(String key) {
        Attempts a = attempts.get(key);
        if (a == null) {
            return 0;
        }
        synchronized (a) {
            long left = a.lockedUntil - System.nanoTime();
            return left > 0 ? Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)) : 0;
        }
    }

    /**
     * Counts a failure.
     *
     * @return milliseconds of lockout this failure started, or 0
     */
    public long failure(String key) {
        if (attempts.size() >= MAX_TRACKED) {
            prune();
        }
        Attempts a = attempts.computeIfAbsent(key, k -> new Attempts());
        synchronized (a) {
            long now = System.nanoTime();
            if (now - a.windowStart > WINDOW_NS) {
                a.windowStart = now;
                a.failures = 0;
            }
            if (++a.failures < threshold) {
                return 0;
            }
            long ms = Math.min(MAX_LOCKOUT_MS, lockoutMs << Math.min(a.lockouts, 20));
            a.lockouts++;
            a.failures = 0;
            a.windowStart = now;
            a.lockedUntil = now + TimeUnit.MILLISECONDS.toNanos(ms);
            return ms;
        }
    }

    /** A success clears the failure count (not an active lockout, which is checked before). */
    public void success(String key) {
        Attempts a = attempts.get(key);
        if (a != null) {
            synchronized (a) {
                a.failures = 0;
            }
        }
    }

    /** Drops entries that are neither counting nor locked. */
    public void prune() {
        long now = System.nanoTime();
        for (Iterator<Attempts> it = attempts.values().iterator(); it.hasNext(); ) {
            Attempts a = it.next();
            synchronized (a) {
                if (a.lockedUntil - now < 0 && now - a.windowStart > WINDOW_NS) {
                    it.remove();
                }
            }
        }
    }
}
