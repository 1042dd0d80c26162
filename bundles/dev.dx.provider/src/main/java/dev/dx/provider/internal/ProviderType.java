package dev.dx.provider.internal;

import java.util.Locale;

/** The wire protocols DX speaks, with their defaults. */
public enum ProviderType {
    /** Anthropic Messages API. */
    ANTHROPIC("anthropic", "https://api.anthropic.com", "ANTHROPIC_API_KEY"),
    /** OpenAI Chat Completions. */
    OPENAI("openai", "https://api.openai.com", "OPENAI_API_KEY"),
    /** OpenAI Responses API. */
    OPENAI_RESPONSES("openai-responses", "https://api.openai.com", "OPENAI_API_KEY"),
    /** Chat Completions at a base URL of the user's choosing (Ollama, vLLM, llama.cpp, LM Studio, OpenRouter...). */
    OPENAI_COMPATIBLE("openai-compatible", null, null);

    private final String id;
    private final String defaultBaseUrl;
    private final String envVar;

    ProviderType(String id, String defaultBaseUrl, String envVar) {
        this.id = id;
        this.defaultBaseUrl = defaultBaseUrl;
        this.envVar = envVar;
    }

    /** @return the name used in configuration files, e.g. {@code openai-compatible} */
    public String id() {
        return id;
    }

    /** @return the base URL used when none is configured, or {@code null} if one must be */
    public String defaultBaseUrl() {
        return defaultBaseUrl;
    }

    /**
     * The environment variable an empty {@code apiKey} falls back to. None for OpenAI-compatible servers: the
     * OpenAI key must never be sent to a third-party base URL.
     *
     * @return the variable name, or {@code null}
     */
    public String envVar() {
        return envVar;
    }

    /** @return whether requests go to a Chat Completions endpoint */
    public boolean chatCompletions() {
        return this == OPENAI || this == OPENAI_COMPATIBLE;
    }

    /** @return the type named {@code id}, or {@code null} */
    public static ProviderType of(String id) {
        for (ProviderType t : values()) {
            if (t.id.equals(id == null ? null : id.strip().toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        return null;
    }
}
