package dev.dx.secrets.internal.store;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import dev.dx.api.rpc.ErrorCode;
import dev.dx.api.rpc.RpcException;

/**
 * Slows down password guessing: after {@code freeFailures} wrong passwords in a row, each further one makes the next
 * attempt wait, twice as long every time up to a cap. A right password resets it. Attempts while waiting are refused
 * before the (expensive) key derivation, so guessing costs the attacker time and the gateway nothing.
 */
public final class Throttle {
    private final LongSupplier nanoClock;
    private volatile Policy policy;
    private int failures;
    private long blockedUntilNanos;

    /** How many failures are free, the first delay and the longest one. */
    public record Policy(int freeFailures, long delayMs, long maxDelayMs) {
    }

    public Throttle(Policy policy, LongSupplier nanoClock) {
        this.policy = policy;
        this.nanoClock = nanoClock;
    }

    public void policy(Policy p) {
        this.policy = p;
    }

    /** @throws RpcException {@code RATE_LIMITED} with {@code retryAfterMs} while attempts must wait */
    synchronized void check() {
        long waitMs = remainingMs();
        if (waitMs > 0) {
            throw new RpcException(ErrorCode.RATE_LIMITED, "Too many wrong master passwords: try again in "
                    + seconds(waitMs) + " s", waitMs, null);
        }
    }

    /** Records a wrong password; @return the wait before the next attempt in ms, 0 if none */
    synchronized long failure() {
        failures++;
        Policy p = policy;
        int over = failures - p.freeFailures();
        if (over < 0) {
            return 0;
        }
        long delay = p.delayMs() << Math.min(over, 30);
        delay = Math.min(delay < 0 ? p.maxDelayMs() : delay, p.maxDelayMs());
        blockedUntilNanos = nanoClock.getAsLong() + TimeUnit.MILLISECONDS.toNanos(delay);
        return delay;
    }

    synchronized void success() {
        failures = 0;
        blockedUntilNanos = 0;
    }

    /** @return ms until the next attempt is allowed, 0 if now */
    synchronized long remainingMs() {
        long left = blockedUntilNanos - nanoClock.getAsLong();
        return blockedUntilNanos == 0 || left <= 0 ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(left));
    }

    static long seconds(long ms) {
        return (ms + 999) / 1000;
    }
}
