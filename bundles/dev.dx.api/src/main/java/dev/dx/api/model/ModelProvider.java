package dev.dx.api.model;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * An LLM API. Providers are services, one per configured provider; agents address a model as
 * {@code <provider id>/<model id>}, e.g. {@code anthropic/claude-sonnet-4-5}. A provider streams, retries transient
 * failures itself (honouring {@code Retry-After}) and reports what is left as a {@link ModelException}; failing over
 * to another model is the agent's job.
 *
 * @since 0.1
 */
@ConsumerType
public interface ModelProvider {
    /** Service property holding the provider id. */
    String ID = "dx.provider.id";

    /** @return the provider id, e.g. {@code anthropic}, {@code openai}, {@code ollama} */
    String id();

    /** @return the models this provider knows of; empty if it accepts any model id */
    List<ModelInfo> models();

    /**
     * Starts a streamed call and returns at once.
     *
     * @param request  what to ask
     * @param listener receives the stream
     * @return the call, to await or cancel
     */
    ModelCall stream(ModelRequest request, ModelListener listener);
}
