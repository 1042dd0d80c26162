package dev.dx.gateway.internal.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.dx.api.rpc.RpcException;
import dev.dx.api.rpc.Scope;

class TopicPatternTest {
    @Test
    void exactPrefixAndEverything() {
        assertTrue(TopicPattern.of("dx/session/CREATED").matches("dx/session/CREATED"));
        assertFalse(TopicPattern.of("dx/session/CREATED").matches("dx/session/DELETED"));
        assertTrue(TopicPattern.of("dx/session/*").matches("dx/session/DELETED"));
        assertFalse(TopicPattern.of("dx/session/*").matches("dx/sessions/DELETED"));
        assertTrue(TopicPattern.of("*").matches("dx/anything"));
        assertEquals(TopicPattern.of("dx/*"), TopicPattern.of("dx/*"));
    }

    @Test
    void malformedPatternsAreRefused() {
        for (String bad : new String[] {"", "dx/**", "dx/*/x", "a b", "../x", "dx/"}) {
            assertThrows(RpcException.class, () -> TopicPattern.of(bad), bad);
        }
    }

    @Test
    void sensitiveTopicsNeedMoreThanRead() {
        assertEquals(Scope.APPROVALS, EventRelay.requiredScope("dx/approval/REQUESTED"));
        assertEquals(Scope.ADMIN, EventRelay.requiredScope("dx/secrets/CHANGED"));
        assertEquals(Scope.READ, EventRelay.requiredScope("dx/session/CREATED"));
    }
}
