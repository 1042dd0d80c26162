package dev.dx.api.plugin;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Executes plugins of one type. Register it as a service with the property {@value #TYPE} set to the type it runs
 * ({@code "wasm"}, {@code "native"} or {@code "script"}); the host starts the plugins of that type when the service
 * appears and stops them when it goes away.
 *
 * <p>A runtime must: load only from {@link PluginContext#folder()} (the verified private copy), never from anywhere
 * else; honour {@link PluginContext#limits()}; route every log, storage and network access of the plugin through
 * {@link PluginContext#host()}; and, when it is deactivated, close every instance it loaded (calls in progress then
 * fail with {@link PluginException.Code#UNAVAILABLE}).
 *
 * @since 0.1
 */
@ConsumerType
public interface PluginRuntime {
    /** Service property: the plugin type this runtime executes. */
    String TYPE = "dx.plugin.type";

    /**
     * Loads a verified plugin. Loading validates the entry file (a WASM module's imports and exports, a library's
     * symbols) so that a broken plugin fails here, not on its first call. It may take a while (compilation); the host
     * calls it off the request path.
     *
     * @param context what to load, with which permissions and limits, and the host callbacks
     * @return the loaded instance, ready for calls from several threads
     * @throws PluginException {@link PluginException.Code#INVALID} if the entry file is not a plugin this runtime
     *                         can run, {@link PluginException.Code#DENIED} if it requests something the runtime
     *                         cannot confine
     */
    LoadedPlugin load(PluginContext context);
}
