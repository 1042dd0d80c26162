package dev.dx.plugin.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dx.api.hook.Hook;
import dev.dx.api.hook.HookVerdict;
import dev.dx.api.plugin.PluginException;

/** A plugin's hooks: one {@link Hook} service per plugin, for the points its manifest lists. */
final class PluginHook implements Hook {
    private static final Logger LOG = LoggerFactory.getLogger(PluginHook.class);
    private final PluginEntry entry;

    PluginHook(PluginEntry entry) {
        this.entry = entry;
    }

    @Override
    public HookVerdict handle(String point, Map<String, Object> event) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("point", point);
        input.put("event", event);
        String export = "hook:" + point;
        try {
            return entry.call(export, Envelopes.write(input), out -> Envelopes.hook(out, export));
        } catch (PluginException e) {
            // a broken hook allows (see Hook); the failure is in the plugin's health and may disable it
            LOG.debug("Plugin {} hook {} failed: {}", entry.id, point, e.getMessage());
            return HookVerdict.allow();
        }
    }
}
