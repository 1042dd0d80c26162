package dev.dx.provider.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.dx.api.model.ModelInfo;
import dev.dx.api.secrets.SecretStore;

class ProviderSettingsTest {
    private static Map<String, Object> values(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void anthropicDefaultsAndTheEnvironmentKey() {
        ProviderSettings s = TestProviders.settings("anthropic", values("type", "anthropic"),
                Map.of("ANTHROPIC_API_KEY", "sk-ant-env"));
        assertTrue(s.available(), s.unavailable());
        assertEquals("anthropic", s.id());
        assertEquals("https://api.anthropic.com", s.baseUri().toString());
        assertEquals("sk-ant-env", s.apiKey());
        assertTrue(s.keyHint().contains("ANTHROPIC_API_KEY"));
        assertEquals("etc/dev.dx.provider-anthropic.cfg", s.file());
        assertTrue(s.models().contains(new ModelInfo("claude-sonnet-4-5", 200_000, 64_000)));
        assertEquals("2023-06-01", s.anthropicVersion());
        assertFalse(s.toString().contains("sk-ant-env"));
    }

    @Test
    void noKeyAnywhereSaysHowToConfigureOne() {
        ProviderSettings s = TestProviders.settings("work", values("type", "openai"), Map.of());
        assertFalse(s.available());
        assertTrue(s.unavailable().contains("OPENAI_API_KEY"), s.unavailable());
        assertTrue(s.unavailable().contains("secrets:set work"), s.unavailable());
        assertTrue(s.unavailable().contains("etc/dev.dx.provider-work.cfg"), s.unavailable());
    }

    @Test
    void aLockedSecretMakesTheProviderUnavailableWithoutAKey() {
        Map<String, Object> v = values("type", "anthropic", "apiKey", "${secret:anthropic}",
                "dx.unresolved", new String[] {"secret:anthropic"}, ".secretState", SecretStore.State.LOCKED);
        ProviderSettings s = TestProviders.settings("main", v, Map.of("ANTHROPIC_API_KEY", "sk-env-not-used"));
        assertFalse(s.available());
        assertTrue(s.unavailable().startsWith("the secret store is locked: run secrets:unlock"), s.unavailable());
        assertTrue(s.keyHint().contains("secrets:set anthropic"), s.keyHint());
        v.put(".secretState", SecretStore.State.UNLOCKED);
        assertTrue(TestProviders.settings("main", v, Map.of()).unavailable().contains("run secrets:set anthropic"));
    }

    @Test
    void compatibleNeedsABaseUrlButNoKey() {
        ProviderSettings none = TestProviders.settings("ollama", values("type", "openai-compatible"),
                Map.of("OPENAI_API_KEY", "sk-must-not-leak"));
        assertFalse(none.available());
        assertTrue(none.unavailable().contains("baseUrl is required"), none.unavailable());
        ProviderSettings ok = TestProviders.settings("ollama", values("type", "openai-compatible",
                "baseUrl", "http://127.0.0.1:11434/", "models", new String[] {"llama3.1:8b", "qwen2.5"}),
                Map.of("OPENAI_API_KEY", "sk-must-not-leak"));
        assertTrue(ok.available(), ok.unavailable());
        assertNull(ok.apiKey(), "the OpenAI key is never sent to another server");
        assertEquals("http://127.0.0.1:11434", ok.baseUri().toString());
        assertEquals(List.of(new ModelInfo("llama3.1:8b", 0, 0), new ModelInfo("qwen2.5", 0, 0)), ok.models());
    }

    @Test
    void refusesWhatCannotWork() {
        assertTrue(TestProviders.settings("x", values("type", "gemini"), Map.of()).unavailable()
                .contains("not one of anthropic"));
        assertTrue(TestProviders.settings("x", values("type", "openai-compatible", "baseUrl", "ftp://host"), Map.of())
                .unavailable().contains("not an http:// or https:// URL"));
        assertTrue(TestProviders.settings("x", values("type", "openai-compatible", "baseUrl", "http://user:pw@host"),
                Map.of()).unavailable().contains("not an http"));
        assertTrue(TestProviders.settings("x", values("type", "openai-compatible", "baseUrl", "http://h",
                "headers", new String[] {"no colon"}), Map.of()).unavailable().contains("Name: value"));
        assertTrue(TestProviders.settings("x", values("type", "openai-compatible", "baseUrl", "http://h",
                "headers", new String[] {"Host: evil"}), Map.of()).unavailable().contains("cannot be set"));
        assertTrue(TestProviders.settings("x", values("type", "anthropic", "apiKey", "k", "id", "a/b"), Map.of())
                .unavailable().contains("id 'a/b'"));
    }

    @Test
    void anExplicitIdAndKeyWin() {
        ProviderSettings s = TestProviders.settings("file-name", values("type", "openai-responses", "id", "oai",
                "apiKey", "sk-literal"), Map.of("OPENAI_API_KEY", "sk-env"));
        assertEquals("oai", s.id());
        assertEquals("sk-literal", s.apiKey());
        assertTrue(s.keyHint().contains("apiKey in etc/dev.dx.provider-file-name.cfg"), s.keyHint());
    }
}
