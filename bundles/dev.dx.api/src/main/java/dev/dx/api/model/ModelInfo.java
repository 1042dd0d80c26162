package dev.dx.api.model;

/**
 * A model a provider offers.
 *
 * @param id            the model id as the provider names it, e.g. {@code claude-sonnet-4-5}
 * @param contextWindow tokens of context, or 0 if unknown
 * @param maxOutput     tokens of output, or 0 if unknown
 * @since 0.1
 */
public record ModelInfo(String id, int contextWindow, int maxOutput) {
}
