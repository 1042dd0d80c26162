package dev.dx.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ReferencesTest {
    private final Map<String, String> env = Map.of("HOME", "/home/u", "EMPTY", "");
    private final Map<String, String> secrets = Map.of("anthropic", "sk-ant-123");

    private String resolve(String raw, Set<String> unresolved) {
        return References.resolve(raw, env::get, n -> Optional.ofNullable(secrets.get(n)), unresolved);
    }

    @Test
    void resolvesEnvironmentDefaultsAndSecrets() {
        Set<String> u = new HashSet<>();
        assertEquals("/home/u/x", resolve("${env:HOME}/x", u));
        assertEquals("31337", resolve("${env:PORT:-31337}", u));
        assertEquals("fallback", resolve("${env:EMPTY:-fallback}", u));
        assertEquals("Bearer sk-ant-123", resolve("Bearer ${secret:anthropic}", u));
        assertEquals("no refs $ { here", resolve("no refs $ { here", u));
        assertTrue(u.isEmpty());
    }

    @Test
    void whatCannotBeResolvedStaysAsWrittenAndIsReported() {
        Set<String> u = new HashSet<>();
        assertEquals("${secret:missing}", resolve("${secret:missing}", u));
        assertEquals("${env:NOPE}", resolve("${env:NOPE}", u));
        assertEquals(Set.of("secret:missing", "env:NOPE"), u);
        assertTrue(References.hasSecret("x ${secret:a} y"));
        assertFalse(References.hasSecret("${env:a}"));
    }
}
