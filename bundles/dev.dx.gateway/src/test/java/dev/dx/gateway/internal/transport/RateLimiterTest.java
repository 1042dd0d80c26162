package dev.dx.gateway.internal.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RateLimiterTest {
    @Test
    void allowsTheBurstThenSaysHowLongToWait() {
        RateLimiter l = new RateLimiter(10, 5);
        for (int i = 0; i < 5; i++) {
            assertEquals(0, l.acquire());
        }
        long wait = l.acquire();
        assertTrue(wait > 0 && wait <= 100, "wait " + wait);
    }
}
