package dev.dx.plugin.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dx.api.plugin.Deadline;
import dev.dx.api.plugin.PluginException;
import dev.dx.api.plugin.PluginPermissions;
import dev.dx.plugin.internal.kv.KvStore;
import dev.dx.plugin.internal.kv.TestKv;

/**
 * What the host offers a plugin, against the plugin's permissions. Allowed HTTP requests reach the real SafeHttp in
 * PluginsIT; here, everything that must be refused before any network is touched.
 */
class HostCallbacksTest {
    @TempDir
    Path dir;

    private KvStore kv;

    @BeforeEach
    void open() {
        kv = TestKv.open(dir.resolve("dx.db"));
    }

    @AfterEach
    void close() {
        kv.close();
    }

    private HostCallbacks host(PluginPermissions p) {
        return new HostCallbacks("p1", p, kv, () -> null);
    }

    private static Deadline soon() {
        return Deadline.after(Duration.ofSeconds(10));
    }

    @Test
    void keyValueNeedsThePermissionAndStaysInThePluginsOwnSpace() {
        PluginException denied = assertThrows(PluginException.class,
                () -> host(PluginPermissions.NONE).kvGet("k"));
        assertEquals(PluginException.Code.DENIED, denied.code());
        HostCallbacks h = host(new PluginPermissions(List.of(), List.of(), List.of(), true, false));
        assertNull(h.kvGet("k"));
        h.kvSet("k", "v".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals("v".getBytes(StandardCharsets.UTF_8), h.kvGet("k"));
        assertNull(kv.get("p2", "k"), "another plugin's space is another");
        assertEquals(PluginException.Code.INVALID, assertThrows(PluginException.class,
                () -> h.kvSet("k", new byte[KvStore.MAX_VALUE_BYTES + 1])).code());
        assertEquals(PluginException.Code.INVALID, assertThrows(PluginException.class,
                () -> h.kvSet("x".repeat(300), new byte[1])).code());
        h.kvSet("k", null);
        assertNull(h.kvGet("k"));
    }

    @Test
    void httpIsRefusedBeforeTheNetworkUnlessRequestedGrantedAndAvailable() {
        String none = host(PluginPermissions.NONE).http("{\"url\":\"https://api.example.com/\"}", soon());
        assertTrue(none.contains("\"DENIED\"") && none.contains("no network permission"), none);
        HostCallbacks h = host(new PluginPermissions(List.of("api.example.com"), List.of(), List.of(), false, false));
        String other = h.http("{\"url\":\"https://evil.example.net/\"}", soon());
        assertTrue(other.contains("\"DENIED\"") && other.contains("may not reach evil.example.net"), other);
        String sneaky = h.http("{\"url\":\"https://api.example.com.evil.net/\"}", soon());
        assertTrue(sneaky.contains("\"DENIED\""), sneaky);
        String missing = h.http("{\"url\":\"https://api.example.com/x\"}", soon());
        assertTrue(missing.contains("\"UNAVAILABLE\"") && missing.contains("dx-tools"), missing);
        assertTrue(h.http("not json", soon()).contains("\"INVALID\""));
        assertTrue(h.http("{\"url\":\"file:///etc/passwd\"}", soon()).contains("\"DENIED\""));
    }
}
