package dev.dx.plugin.internal;

import java.time.Duration;

/**
 * The host's settings that apply to every plugin.
 *
 * @param defaultTimeout deadline of a call when the plugin's grant does not set one
 * @param maxFailures    failures in a row after which a plugin is disabled
 */
record HostSettings(Duration defaultTimeout, int maxFailures) {
    static HostSettings of(HostConfig c) {
        return new HostSettings(Duration.ofMillis(c.defaultCallTimeoutMs()), c.maxFailuresInARow());
    }
}
