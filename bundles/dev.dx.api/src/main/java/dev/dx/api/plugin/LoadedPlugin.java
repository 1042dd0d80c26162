package dev.dx.api.plugin;

import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One loaded plugin, as a runtime returned it. The host counts the calls in progress, so it calls {@link #close()}
 * only once none is left (a hot reload lets calls on the old instance finish); a runtime that is going away may close
 * an instance itself at any time.
 *
 * @since 0.1
 */
@ConsumerType
public interface LoadedPlugin extends AutoCloseable {
    /**
     * Calls an export. Safe to call from several threads; a runtime may serialise the calls of one instance.
     *
     * @param export    {@code tool:<name>}, {@code method:<name>} or {@code hook:<point>} (see the package docs)
     * @param inputJson the input, a JSON object
     * @param deadline  when the call must have returned; the runtime stops the plugin's code at that point
     * @return the output, a JSON object
     * @throws PluginException {@link PluginException.Code#TIMEOUT} past the deadline, {@link PluginException.Code#TRAP}
     *                         when the plugin's code failed (the next call gets a fresh instance),
     *                         {@link PluginException.Code#CRASHED} when the plugin's process or library died,
     *                         {@link PluginException.Code#DENIED} when it used something it was not granted,
     *                         {@link PluginException.Code#UNAVAILABLE} after {@link #close()}
     */
    String invoke(String export, String inputJson, Deadline deadline);

    /**
     * @return JSON-ready figures for {@code plugin:info} (memory, instance restarts, ...); empty by default
     */
    default Map<String, Object> status() {
        return Map.of();
    }

    /** Releases everything the instance holds. Idempotent; never throws. */
    @Override
    void close();
}
