package dev.dx.agent.internal;

import java.lang.reflect.Proxy;
import java.util.Map;

/** Agent configurations for tests: the declared defaults plus overrides, as DS would build them. */
public final class TestAgents {
    private TestAgents() {
    }

    public static AgentConfig config(Map<String, Object> overrides) {
        return (AgentConfig) Proxy.newProxyInstance(AgentConfig.class.getClassLoader(), new Class<?>[] {AgentConfig.class},
                (p, m, a) -> m.getDeclaringClass() == Object.class ? m.invoke(overrides, a)
                        : m.getName().equals("annotationType") ? AgentConfig.class
                                : overrides.getOrDefault(m.getName(), m.getDefaultValue()));
    }

    public static AgentSettings settings(Map<String, Object> overrides) {
        return AgentSettings.of(config(overrides), "main");
    }
}
