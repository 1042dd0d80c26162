package dev.dx.api.plugin;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What the host offers a plugin, one object per loaded plugin. Every method checks the plugin's granted permissions
 * and may be called from the runtime's call threads while a call is in progress.
 *
 * @since 0.1
 */
@ProviderType
public interface PluginHost {
    /** Severity of a plugin's log line. */
    enum Level {
        DEBUG, INFO, WARN, ERROR
    }

    /**
     * Logs a line on behalf of the plugin, prefixed with its id. Long lines are cut, floods are dropped.
     *
     * @param level   the severity
     * @param message the text
     */
    void log(Level level, String message);

    /**
     * @param key a key of at most 256 UTF-8 bytes
     * @return the stored value, or {@code null} if there is none
     * @throws PluginException {@link PluginException.Code#DENIED} without the {@code kv} permission,
     *                         {@link PluginException.Code#INVALID} for a bad key
     */
    byte[] kvGet(String key);

    /**
     * Stores a value under the plugin's own key space; it survives restarts and updates of the plugin.
     *
     * @param key   a key of at most 256 UTF-8 bytes
     * @param value the value (at most 64 KiB), or {@code null} to delete the key
     * @throws PluginException {@link PluginException.Code#DENIED} without the {@code kv} permission,
     *                         {@link PluginException.Code#INVALID} for a bad key or a value over the limits
     */
    void kvSet(String key, byte[] value);

    /**
     * Makes an HTTP request through DX's guarded HTTP client: only hosts the plugin requested and was granted, only
     * public addresses, every redirect checked. Failures are answered, not thrown, so the plugin can handle them.
     *
     * @param requestJson {@code {"method":"GET","url":"https://..","headers":{..},"body":"..","timeoutMs":..,
     *                    "maxBytes":..}}
     * @param deadline    the deadline of the call in progress; the request ends before it
     * @return {@code {"status":200,"headers":{..},"body":"..","truncated":false}} or
     *         {@code {"error":{"code":"DENIED|TIMEOUT|UNAVAILABLE|INVALID","message":".."}}}
     */
    String http(String requestJson, Deadline deadline);
}
