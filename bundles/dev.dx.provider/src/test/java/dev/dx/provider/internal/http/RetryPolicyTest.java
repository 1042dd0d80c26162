package dev.dx.provider.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpHeaders;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private final RetryPolicy policy = new RetryPolicy(3, 500, 8000);

    @Test
    void backoffDoublesWithJitterUpToTheCap() {
        assertEquals(250, policy.backoffMs(1, () -> 0.0));
        assertEquals(499, policy.backoffMs(1, () -> 0.999), 1);
        assertEquals(500, policy.backoffMs(2, () -> 0.0));
        assertEquals(1000, policy.backoffMs(3, () -> 0.0));
        assertEquals(4000, policy.backoffMs(10, () -> 0.0));
        assertTrue(policy.backoffMs(60, () -> 0.999) <= 8000);
    }

    @Test
    void retryAfterWinsOverBackoff() {
        assertEquals(3000, policy.delayMs(1, 3000, () -> 0.5));
        assertEquals(0, policy.delayMs(2, 0, () -> 0.5));
    }

    @Test
    void readsRetryAfterInSecondsAsADateAndInMilliseconds() {
        Instant now = Instant.parse("2026-01-02T03:04:05Z");
        assertEquals(2000, RetryPolicy.retryAfterMs(headers(Map.of("Retry-After", "2")), now));
        assertEquals(1500, RetryPolicy.retryAfterMs(headers(Map.of("retry-after", "1.5")), now));
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(now.plusSeconds(7).atOffset(ZoneOffset.UTC));
        assertEquals(7000, RetryPolicy.retryAfterMs(headers(Map.of("Retry-After", date)), now));
        assertEquals(0, RetryPolicy.retryAfterMs(headers(Map.of("Retry-After",
                DateTimeFormatter.RFC_1123_DATE_TIME.format(now.minusSeconds(9).atOffset(ZoneOffset.UTC)))), now));
        assertEquals(250, RetryPolicy.retryAfterMs(headers(Map.of("retry-after-ms", "250", "Retry-After", "9")), now));
        assertEquals(-1, RetryPolicy.retryAfterMs(headers(Map.of("Retry-After", "soon")), now));
        assertEquals(-1, RetryPolicy.retryAfterMs(headers(Map.of()), now));
    }

    @Test
    void retriesOnlyTransientStatuses() {
        for (int s : new int[] {429, 500, 502, 503, 504, 529}) {
            assertTrue(RetryPolicy.retryableStatus(s), "" + s);
        }
        for (int s : new int[] {400, 401, 403, 404, 413, 422, 501}) {
            assertFalse(RetryPolicy.retryableStatus(s), "" + s);
        }
    }

    private static HttpHeaders headers(Map<String, String> h) {
        Map<String, List<String>> m = new java.util.HashMap<>();
        h.forEach((k, v) -> m.put(k, List.of(v)));
        return HttpHeaders.of(m, (a, b) -> true);
    }
}
