package dev.dx.api.plugin;

/**
 * EventAdmin topics of the plugin host; the payload (property {@code payload}) is JSON-ready.
 *
 * @since 0.1
 */
public final class PluginEvents {
    /**
     * A plugin was installed, started, stopped, disabled, refused or uninstalled; payload: {@code id} (may be empty
     * for a package whose manifest could not be read), {@code version}, {@code state}, {@code source}, {@code problem}.
     */
    public static final String CHANGED = "dx/plugin/CHANGED";

    private PluginEvents() {
    }
}
