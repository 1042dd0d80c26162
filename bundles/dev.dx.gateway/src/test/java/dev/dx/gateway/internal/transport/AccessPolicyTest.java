package dev.dx.gateway.internal.transport;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.dx.gateway.internal.TestConfigs;

class AccessPolicyTest {
    private final AccessPolicy policy = new AccessPolicy();

    @Test
    void ownLoopbackOriginsAndListedOnesAreAllowed() {
        policy.configure(TestConfigs.gateway(Map.of("port", 31337, "allowedOrigins", new String[] {"https://dx.example"})));
        for (String ok : new String[] {"http://127.0.0.1:31337", "http://localhost:31337", "http://[::1]:31337",
            "https://dx.example", "HTTP://LOCALHOST:31337"}) {
            assertTrue(policy.originAllowed(ok), ok);
        }
        for (String bad : new String[] {"null", "http://127.0.0.1:8080", "http://127.0.0.1", "https://evil.example",
            "http://localhost.evil.example:31337", "http://127.0.0.1:31337/x", "http://user@127.0.0.1:31337",
            "file://", "chrome-extension://abc", "javascript:alert(1)", "http://dx.example", "%%%"}) {
            assertFalse(policy.originAllowed(bad), bad);
        }
    }

    @Test
    void nullOriginOnlyWhenListed() {
        policy.configure(TestConfigs.gateway(Map.of("allowedOrigins", new String[] {"null"})));
        assertTrue(policy.originAllowed("null"));
    }
}
