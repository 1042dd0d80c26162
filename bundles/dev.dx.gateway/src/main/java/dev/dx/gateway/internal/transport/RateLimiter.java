package dev.dx.gateway.internal.transport;

/** A token bucket: {@code rate} requests a second on average, bursts up to {@code burst}. */
final class RateLimiter {
    private final double ratePerNano;
    private final double burst;
    private double tokens;
    private long last;

    RateLimiter(int perSecond, int burst) {
        this.ratePerNano = perSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.last = System.nanoTime();
    }

    /** @return 0 if a request may go now, else the milliseconds until one may */
    synchronized long acquire() {
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - last) * ratePerNano);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - tokens) / ratePerNano / 1e6));
    }
}
