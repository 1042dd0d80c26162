package dev.dx.api.model;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives a streamed model turn as it arrives. Called from the provider's thread, in order; keep it quick.
 *
 * @since 0.1
 */
@ConsumerType
public interface ModelListener {
    /** A piece of the answer's text. */
    default void onText(String delta) {
    }

    /** A piece of the model's visible reasoning, where the provider streams it. */
    default void onThinking(String delta) {
    }

    /** A complete tool call (arguments fully received). */
    default void onToolCall(ModelToolCall call) {
    }

    /** The provider is retrying after a failure it considers transient; text already streamed is void. */
    default void onRetry(int attempt, long delayMs, String reason) {
    }
}
