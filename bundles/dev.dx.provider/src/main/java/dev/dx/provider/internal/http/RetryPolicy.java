package dev.dx.provider.internal.http;

import java.net.http.HttpHeaders;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;
import java.util.function.DoubleSupplier;

/**
 * When to retry and how long to wait: exponential backoff with jitter, unless the server says when
 * ({@code Retry-After} in seconds or as an HTTP date, or OpenAI's {@code retry-after-ms}), which is honoured as given.
 * The caller caps every wait by the call's deadline.
 *
 * @param maxRetries       retries after the first attempt
 * @param initialBackoffMs the first wait without a server hint
 * @param maxBackoffMs     the longest wait without a server hint
 */
public record RetryPolicy(int maxRetries, long initialBackoffMs, long maxBackoffMs) {
    private static final Set<Integer> RETRYABLE = Set.of(429, 500, 502, 503, 504, 529);

    /** Checks the bounds. */
    public RetryPolicy {
        if (maxRetries < 0 || initialBackoffMs < 1 || maxBackoffMs < 1) {
            throw new IllegalArgumentException("retries must be >= 0 and backoffs >= 1 ms");
        }
    }

    /** @return whether an HTTP status is worth another attempt (rate limits, overload, server errors) */
    public static boolean retryableStatus(int status) {
        return RETRYABLE.contains(status);
    }

    /**
     * @param retry  the retry about to happen, 1 for the first
     * @param random a source of numbers in [0, 1)
     * @return half the exponential step plus a random share of the other half, so clients that failed together do
     *         not come back together
     */
    public long backoffMs(int retry, DoubleSupplier random) {
        long step = initialBackoffMs << Math.min(Math.max(retry - 1, 0), 30);
        step = Math.min(step < 0 ? Long.MAX_VALUE : step, Math.max(maxBackoffMs, initialBackoffMs));
        return step / 2 + (long) (random.getAsDouble() * (step - step / 2));
    }

    /**
     * @param retry        the retry about to happen, 1 for the first
     * @param retryAfterMs the server's hint, or a negative value
     * @return how long to wait
     */
    public long delayMs(int retry, long retryAfterMs, DoubleSupplier random) {
        return retryAfterMs >= 0 ? retryAfterMs : backoffMs(retry, random);
    }

    /** @return the server's hint in milliseconds, or -1 if it gave none that parses */
    public static long retryAfterMs(HttpHeaders headers, Instant now) {
        Optional<String> ms = headers.firstValue("retry-after-ms");
        if (ms.isPresent()) {
            try {
                return Math.max(0, (long) Double.parseDouble(ms.get().strip()));
            } catch (NumberFormatException e) {
                // fall through to Retry-After
            }
        }
        return headers.firstValue("retry-after").map(v -> parseRetryAfter(v, now)).orElse(-1L);
    }

    /** @return milliseconds from {@code now} for delta-seconds or an HTTP date, or -1 */
    static long parseRetryAfter(String value, Instant now) {
        String v = value.strip();
        try {
            return Math.max(0, (long) (Double.parseDouble(v) * 1000));
        } catch (NumberFormatException e) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return Math.max(0, at.toEpochMilli() - now.toEpochMilli());
            } catch (DateTimeParseException e2) {
                return -1;
            }
        }
    }
}
