package dev.dx.memory.internal.embed.local;

import java.util.Map;

import dev.dx.testsupport.component.Configs;

/** Starts and stops the local embedder component from tests in other packages, as SCR would. */
public final class LocalEmbedders {
    private LocalEmbedders() {
    }

    public static LocalEmbedder start(Map<String, Object> config) {
        LocalEmbedder e = new LocalEmbedder();
        e.activate(Configs.of(LocalEmbedder.Config.class, config));
        return e;
    }

    public static void stop(LocalEmbedder e) {
        e.deactivate();
    }
}
