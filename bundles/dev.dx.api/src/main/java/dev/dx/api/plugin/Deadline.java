package dev.dx.api.plugin;

import java.time.Duration;

/**
 * A point on the monotonic clock ({@link System#nanoTime()}) by which a plugin call must have returned.
 *
 * @param nanoTime the deadline in {@link System#nanoTime()} terms
 * @since 0.1
 */
public record Deadline(long nanoTime) {
    /** @return a deadline {@code timeout} from now */
    public static Deadline after(Duration timeout) {
        return new Deadline(System.nanoTime() + timeout.toNanos());
    }

    /** @return the time left, zero or negative once passed */
    public Duration remaining() {
        return Duration.ofNanos(nanoTime - System.nanoTime());
    }

    /** @return whether the deadline has passed */
    public boolean expired() {
        return nanoTime - System.nanoTime() <= 0;
    }
}
