package dev.dx.gateway.internal.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private void advanceMs(long ms) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
    }

    @Test
    void allowsTheBurstThenSaysHowLongToWait() {
        RateLimiter l = new RateLimiter(10, 5, now::get);
        for (int i = 0; i < 5; i++) {
            assertEquals(0, l.acquire());
        }
        assertEquals(100, l.acquire(), "one token every 100 ms at 10 a second");
        advanceMs(40);
        assertEquals(60, l.acquire(), "a refusal takes no token");
        advanceMs(60);
        assertEquals(0, l.acquire());
        assertEquals(100, l.acquire());
    }

    @Test
    void refillsUpToTheBurstAndNoFurther() {
        RateLimiter l = new RateLimiter(10, 5, now::get);
        assertTrue(l.rested());
        assertEquals(0, l.acquire());
        assertFalse(l.rested());
        advanceMs(10_000);
        assertTrue(l.rested());
        for (int i = 0; i < 5; i++) {
            assertEquals(0, l.acquire());
        }
        assertTrue(l.acquire() > 0, "a long rest does not buy more than the burst");
    }
}
