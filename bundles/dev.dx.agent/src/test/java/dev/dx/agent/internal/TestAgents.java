package dev.dx.agent.internal;

import java.util.Map;

import dev.dx.testsupport.component.Configs;

/** Agent configurations for tests: the declared defaults plus overrides, as DS would build them. */
public final class TestAgents {
    private TestAgents() {
    }

    public static AgentConfig config(Map<String, Object> overrides) {
        return Configs.of(AgentConfig.class, overrides);
    }

    public static AgentSettings settings(Map<String, Object> overrides) {
        return AgentSettings.of(config(overrides), "main");
    }
}
