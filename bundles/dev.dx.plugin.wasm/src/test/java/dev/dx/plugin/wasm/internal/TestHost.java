package dev.dx.plugin.wasm.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import dev.dx.api.plugin.Deadline;
import dev.dx.api.plugin.PluginContext;
import dev.dx.api.plugin.PluginException;
import dev.dx.api.plugin.PluginHost;
import dev.dx.api.plugin.PluginLimits;
import dev.dx.api.plugin.PluginManifest;
import dev.dx.api.plugin.PluginPermissions;

/**
 * The host side of the contract for the runtime's own tests: logs and storage in memory, HTTP answered by a
 * function. The real host (dev.dx.plugin) has its own tests with these very modules.
 */
final class TestHost implements PluginHost {
    final List<String> logs = new CopyOnWriteArrayList<>();
    final Map<String, byte[]> kv = new ConcurrentHashMap<>();
    final List<String> requests = new CopyOnWriteArrayList<>();
    volatile boolean kvGranted;
    volatile Function<String, String> http = r -> "{\"error\":{\"code\":\"UNAVAILABLE\",\"message\":\"no network\"}}";

    @Override
    public void log(Level level, String message) {
        logs.add(level + " " + message);
    }

    @Override
    public byte[] kvGet(String key) {
        check();
        return kv.get(key);
    }

    @Override
    public void kvSet(String key, byte[] value) {
        check();
        if (value == null) {
            kv.remove(key);
        } else {
            kv.put(key, value);
        }
    }

    private void check() {
        if (!kvGranted) {
            throw new PluginException(PluginException.Code.DENIED, "no kv permission");
        }
    }

    @Override
    public String http(String requestJson, Deadline deadline) {
        requests.add(requestJson);
        return http.apply(requestJson);
    }

    /** Copies a test module from the class path into a plugin folder and describes it. */
    PluginContext context(Path dir, String wasm, String id, long memoryBytes) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(id));
        try (InputStream in = TestHost.class.getResourceAsStream("/wasm/" + wasm + ".wasm")) {
            Files.copy(in, folder.resolve("plugin.wasm"));
        }
        PluginManifest m = new PluginManifest(id, "1.0.0", "wasm", "plugin.wasm", "", List.of(), List.of(), List.of(),
                PluginPermissions.NONE);
        return new PluginContext(m, folder, PluginPermissions.NONE, new PluginLimits(memoryBytes,
                Duration.ofSeconds(30)), this);
    }

    static byte[] wasm(String name) throws IOException {
        try (InputStream in = TestHost.class.getResourceAsStream("/wasm/" + name + ".wasm")) {
            return in.readAllBytes();
        }
    }
}
