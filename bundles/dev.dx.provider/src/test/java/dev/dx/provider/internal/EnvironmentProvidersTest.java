package dev.dx.provider.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.dx.api.model.ModelProvider;

/** Environment keys make providers available, and a file of the same id takes over. */
class EnvironmentProvidersTest {
    private final FakeBundleContext framework = new FakeBundleContext();

    private List<String> ids() {
        return framework.live().stream().map(r -> r.properties.get(ModelProvider.ID) + "/"
                + r.properties.get(ProviderRegistration.SOURCE)).sorted().toList();
    }

    @Test
    void anEnvironmentKeyIsEnough() {
        EnvironmentProviders env = new EnvironmentProviders(Map.of("ANTHROPIC_API_KEY", "sk-ant-x")::get);
        env.activate(framework.context);
        assertEquals(List.of("anthropic/env"), ids());
        ModelProvider p = (ModelProvider) framework.live().get(0).service;
        assertTrue(p.models().stream().anyMatch(m -> m.id().equals("claude-sonnet-4-5")));
        env.deactivate();
        assertTrue(framework.live().isEmpty());
    }

    @Test
    void aFileWithTheSameIdWins() {
        EnvironmentProviders env = new EnvironmentProviders(
                Map.of("ANTHROPIC_API_KEY", "sk-ant-x", "OPENAI_API_KEY", "sk-oai-x")::get);
        env.activate(framework.context);
        assertEquals(List.of("anthropic/env", "openai/env"), ids());
        Map<String, Object> file = Map.of("service.id", 42L, ModelProvider.ID, "openai");
        env.bindFileProvider(null, file);
        assertEquals(List.of("anthropic/env"), ids());
        env.unbindFileProvider(null, file);
        assertEquals(List.of("anthropic/env", "openai/env"), ids());
        env.deactivate();
    }

    @Test
    void noKeysNoProviders() {
        EnvironmentProviders env = new EnvironmentProviders(Map.of("OPENAI_API_KEY", "  ")::get);
        env.activate(framework.context);
        assertTrue(ids().isEmpty());
        env.deactivate();
    }
}
