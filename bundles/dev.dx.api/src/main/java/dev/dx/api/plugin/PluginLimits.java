package dev.dx.api.plugin;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits a runtime enforces for one plugin.
 *
 * @param memoryBytes the most memory the plugin's code may use (a WASM memory cap, a script heap cap)
 * @param callTimeout the default deadline of a call; each call also carries its own {@link Deadline}
 * @since 0.1
 */
public record PluginLimits(long memoryBytes, Duration callTimeout) {
    /** Checks the values. */
    public PluginLimits {
        if (memoryBytes <= 0) {
            throw new IllegalArgumentException("memoryBytes must be positive");
        }
        Objects.requireNonNull(callTimeout, "callTimeout must not be null");
    }
}
