package dev.dx.provider.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** One model provider, factory PID {@code dev.dx.provider}: {@code etc/dev.dx.provider-<name>.cfg}. */
@ObjectClassDefinition(name = "DX Model provider",
        description = "An LLM API agents can use: one file etc/dev.dx.provider-<name>.cfg per provider")
public @interface ProviderConfig {
    /** The factory PID. */
    String PID = "dev.dx.provider";

    @AttributeDefinition(name = "Type", description = "The API this provider speaks", options = {
        @Option(label = "Anthropic Messages API", value = "anthropic"),
        @Option(label = "OpenAI Chat Completions", value = "openai"),
        @Option(label = "OpenAI Responses", value = "openai-responses"),
        @Option(label = "OpenAI-compatible server (Ollama, vLLM, llama.cpp, LM Studio, OpenRouter)",
                value = "openai-compatible")})
    String type();

    @AttributeDefinition(name = "Id", required = false, description = "The provider id agents use in "
            + "<provider>/<model>; empty: the <name> of the file")
    String id() default "";

    @AttributeDefinition(name = "Base URL", required = false, description = "Where the API is, with or without /v1. "
            + "Empty: https://api.anthropic.com or https://api.openai.com; required for openai-compatible, "
            + "e.g. http://127.0.0.1:11434 (Ollama) or https://openrouter.ai/api/v1")
    String baseUrl() default "";

    @AttributeDefinition(name = "API key", type = AttributeType.PASSWORD, required = false,
            description = "Normally ${secret:<name>} after secrets:set <name>. Empty: ANTHROPIC_API_KEY or "
                    + "OPENAI_API_KEY from the environment (not for openai-compatible, where a key is optional)")
    String apiKey() default "";

    @AttributeDefinition(name = "Models", required = false, description = "Model ids listed by models.list; "
            + "other ids are passed through. Empty: the well-known models of the type (none for openai-compatible)")
    String[] models() default {};

    @AttributeDefinition(name = "Request timeout", min = "1000",
            description = "Milliseconds a whole call may take, retries included (a request's own deadline may be shorter)")
    long requestTimeoutMs() default ProviderSettings.DEFAULT_REQUEST_TIMEOUT_MS;

    @AttributeDefinition(name = "First byte timeout", min = "100",
            description = "Milliseconds to wait for the first byte of an answer")
    long firstByteTimeoutMs() default ProviderSettings.DEFAULT_FIRST_BYTE_TIMEOUT_MS;

    @AttributeDefinition(name = "Retries", min = "0", max = "10",
            description = "Retries after 429, 500, 502, 503, 504, 529 or a failed connection")
    int maxRetries() default ProviderSettings.DEFAULT_MAX_RETRIES;

    @AttributeDefinition(name = "Initial backoff", min = "1",
            description = "Milliseconds before the first retry when the server gives no Retry-After; doubles each time")
    long initialBackoffMs() default ProviderSettings.DEFAULT_INITIAL_BACKOFF_MS;

    @AttributeDefinition(name = "Max backoff", min = "1", description = "Longest wait between retries, in milliseconds "
            + "(a server's Retry-After is honoured up to the request timeout)")
    long maxBackoffMs() default ProviderSettings.DEFAULT_MAX_BACKOFF_MS;

    @AttributeDefinition(name = "Anthropic version", required = false,
            description = "The anthropic-version header (type anthropic)")
    String anthropicVersion() default ProviderSettings.DEFAULT_ANTHROPIC_VERSION;

    @AttributeDefinition(name = "Extra headers", required = false, description = "Headers sent with every request, "
            + "as Name: value (values without commas), e.g. HTTP-Referer: https://example.org, X-Title: DX")
    String[] headers() default {};
}
