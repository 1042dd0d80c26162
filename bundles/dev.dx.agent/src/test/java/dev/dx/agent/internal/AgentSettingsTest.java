package dev.dx.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class AgentSettingsTest {
    @Test
    void modelChainAndToolPolicy() {
        AgentSettings a = TestAgents.settings(Map.of("model", "openai/gpt-5", "fallbackModels",
                new String[] {"anthropic/claude-sonnet-4-5", " "}, "toolsDeny", new String[] {"exec"}));
        assertEquals(List.of("openai/gpt-5", "anthropic/claude-sonnet-4-5"), a.models());
        assertFalse(a.allows("exec"));
        assertTrue(a.allows("read"));
        AgentSettings only = TestAgents.settings(Map.of("toolsAllow", new String[] {"read", "exec"},
                "toolsDeny", new String[] {"exec"}));
        assertTrue(only.allows("read"));
        assertFalse(only.allows("exec"), "deny wins over allow");
        assertFalse(only.allows("write"));
    }

    @Test
    void badIdsAndModelsNameTheKey() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> TestAgents.settings(Map.of("model", "claude"))).getMessage().contains("provider/model"));
        assertThrows(IllegalArgumentException.class, () -> AgentSettings.of(TestAgents.config(Map.of("id", "../x")), "main"));
        assertEquals("ops", AgentSettings.of(TestAgents.config(Map.of()), "ops").id());
    }
}
