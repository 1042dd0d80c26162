package dev.dx.api.model;

import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A model call in progress.
 *
 * @since 0.1
 */
@ProviderType
public interface ModelCall {
    /** @return completes with the finished turn, or exceptionally with a {@link ModelException} */
    CompletionStage<ModelResponse> result();

    /** Stops the call; {@link #result()} then fails with a {@link ModelException} of code TIMEOUT or UNAVAILABLE. */
    void cancel();
}
