package dev.dx.gateway.internal.transport;

import java.util.function.LongSupplier;

/** A token bucket: {@code rate} requests a second on average, bursts up to {@code burst}. */
final class RateLimiter {
    private final int perSecond;
    private final int burstSize;
    private final double ratePerNano;
    private final double burst;
    private final LongSupplier clock;
    private double tokens;
    private long last;

    RateLimiter(int perSecond, int burst) {
        this(perSecond, burst, System::nanoTime);
    }

    /** @param clock nanoseconds, as {@link System#nanoTime()} */
    RateLimiter(int perSecond, int burst, LongSupplier clock) {
        this.clock = clock;
        this.perSecond = perSecond;
        this.burstSize = burst;
        this.ratePerNano = perSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.last = clock.getAsLong();
    }

    /** @return 0 if a request may go now, else the milliseconds until one may */
    synchronized long acquire() {
        refill();
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - tokens) / ratePerNano / 1e6));
    }

    /** @return whether the bucket is full again, i.e. forgetting it changes nothing */
    synchronized boolean rested() {
        refill();
        return tokens >= burst;
    }

    /** @return whether this bucket was made for these limits */
    boolean sameLimits(int perSecond, int burst) {
        return this.perSecond == perSecond && this.burstSize == burst;
    }

    private void refill() {
        long now = clock.getAsLong();
        tokens = Math.min(burst, tokens + (now - last) * ratePerNano);
        last = now;
    }
}
