package dev.dx.gateway.internal.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.dx.gateway.internal.TestConfigs;

class AuthGuardTest {
    @Test
    void locksOutAfterTheThresholdAndDoublesOnRepeat() {
        AuthGuard guard = new AuthGuard();
        guard.configure(TestConfigs.gateway(Map.of("authFailuresBeforeLockout", 3, "authLockoutMs", 10_000L)));
        String key = AuthGuard.key("127.0.0.1", "http://127.0.0.1:31337");
        assertEquals(0, guard.failure(key));
        assertEquals(0, guard.failure(key));
        assertEquals(0, guard.retryAfterMs(key));
        assertEquals(10_000, guard.failure(key));
        long wait = guard.retryAfterMs(key);
        assertTrue(wait > 9_000 && wait <= 10_000, "retry after " + wait);
        assertEquals(0, guard.retryAfterMs(AuthGuard.key("127.0.0.1", null)), "the owner's tools are another client");
        guard.failure(key);
        guard.failure(key);
        assertEquals(20_000, guard.failure(key), "a repeat lockout lasts twice as long");
    }

    @Test
    void aSuccessResetsTheCount() {
        AuthGuard guard = new AuthGuard();
        guard.configure(TestConfigs.gateway(Map.of("authFailuresBeforeLockout", 2)));
        guard.failure("k");
        guard.success("k");
        assertEquals(0, guard.failure("k"));
        guard.prune();
        assertTrue(guard.failure("k") > 0);
    }
}
