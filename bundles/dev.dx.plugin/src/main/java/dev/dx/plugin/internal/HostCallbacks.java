package dev.dx.plugin.internal;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dx.api.net.SafeHttp;
import dev.dx.api.plugin.Deadline;
import dev.dx.api.plugin.PluginException;
import dev.dx.api.plugin.PluginHost;
import dev.dx.api.plugin.PluginPermissions;
import dev.dx.plugin.internal.kv.KvStore;

/**
 * What the host offers one loaded plugin, checked against the permissions that plugin was loaded with: logging (cut
 * and rate-limited), its own key-value space, and HTTP through {@link SafeHttp} to the hosts it was granted.
 */
final class HostCallbacks implements PluginHost {
    private static final Logger LOG = LoggerFactory.getLogger("dev.dx.plugin.log");
    private static final int MAX_LINE = 2000;
    private static final int LINES_PER_SECOND = 50;

    private final String id;
    private final PluginPermissions permissions;
    private final KvStore kv;
    private final Supplier<SafeHttp> http;
    private long window;
    private int lines;
    private int dropped;

    HostCallbacks(String id, PluginPermissions permissions, KvStore kv, Supplier<SafeHttp> http) {
        this.id = id;
        this.permissions = permissions;
        this.kv = kv;
        this.http = http;
    }

    @Override
    public void log(Level level, String message) {
        String line = message.length() > MAX_LINE ? message.substring(0, MAX_LINE) + "…" : message;
        int skipped;
        synchronized (this) {
            long second = System.nanoTime() / 1_000_000_000L;
            if (second != window) {
                window = second;
                lines = 0;
            }
            if (++lines > LINES_PER_SECOND) {
                dropped++;
                return;
            }
            skipped = dropped;
            dropped = 0;
        }
        if (skipped > 0) {
            LOG.warn("[plugin {}] {} log lines dropped (more than {} per second)", id, skipped, LINES_PER_SECOND);
        }
        switch (level) {
            case DEBUG -> LOG.debug("[plugin {}] {}", id, line);
            case WARN -> LOG.warn("[plugin {}] {}", id, line);
            case ERROR -> LOG.error("[plugin {}] {}", id, line);
            default -> LOG.info("[plugin {}] {}", id, line);
        }
    }

    @Override
    public byte[] kvGet(String key) {
        checkKv(key);
        try {
            return kv.get(id, key);
        } catch (KvStore.KvException e) {
            throw new PluginException(PluginException.Code.UNAVAILABLE, e.getMessage(), e);
        }
    }

    @Override
    public void kvSet(String key, byte[] value) {
        checkKv(key);
        try {
            if (value == null) {
                kv.delete(id, key);
            } else {
                kv.put(id, key, value);
            }
        } catch (KvStore.KvException e) {
            throw new PluginException(e.tooLarge() ? PluginException.Code.INVALID : PluginException.Code.UNAVAILABLE,
                    e.getMessage(), e);
        }
    }

    private void checkKv(String key) {
        if (!permissions.kv()) {
            throw new PluginException(PluginException.Code.DENIED, "plugin '" + id + "' used its key-value store "
                    + "without requesting it: add \"kv\": true to its manifest's permissions");
        }
        if (key.isEmpty() || key.getBytes(StandardCharsets.UTF_8).length > KvStore.MAX_KEY_BYTES) {
            throw new PluginException(PluginException.Code.INVALID, "a key is 1 to " + KvStore.MAX_KEY_BYTES
                    + " bytes");
        }
    }

    @Override
    public String http(String requestJson, Deadline deadline) {
        return PluginHttp.request(id, requestJson, deadline, permissions.networkHosts(), http.get());
    }
}
