package dev.dx.plugin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.dx.api.plugin.PluginPermissions;

/** Requested against granted: deny by default, and a missing grant named in plugin:grant syntax. */
class PermissionsTest {
    private static Grant grant(List<String> hosts, List<String> read, boolean kv) {
        return new Grant(true, hosts, read, List.of(), kv, false, 0, 16);
    }

    @Test
    void nothingIsGrantedByDefault() {
        PluginPermissions wants = new PluginPermissions(List.of("api.example.com"), List.of("/data"), List.of("/out"),
                true, true);
        assertEquals(List.of("network.hosts=api.example.com", "filesystem.read=/data", "filesystem.write=/out", "kv",
                "process"), Permissions.missing(wants, Grant.NONE));
        assertTrue(Permissions.missing(PluginPermissions.NONE, Grant.NONE).isEmpty());
    }

    @Test
    void grantsCoverWhatTheyShould() {
        PluginPermissions wants = new PluginPermissions(List.of("api.example.com", "*.cdn.example"), List.of("/data/x"),
                List.of(), true, false);
        assertTrue(Permissions.missing(wants, grant(List.of("*.example.com", "*.cdn.example"), List.of("/data"), true))
                .isEmpty());
        assertEquals(List.of("network.hosts=api.example.com"), Permissions.missing(wants,
                grant(List.of("example.com", "*.cdn.example"), List.of("/data"), true)));
        assertEquals(List.of("filesystem.read=/data/x"), Permissions.missing(wants,
                grant(List.of("*"), List.of("/dat"), true)));
    }

    @Test
    void hostAndPathCoverage() {
        assertTrue(Permissions.hostCovers("*.example.com", "a.b.example.com"));
        assertFalse(Permissions.hostCovers("*.example.com", "example.com"));
        assertFalse(Permissions.hostCovers("*.example.com", "evil-example.com"));
        assertFalse(Permissions.hostCovers("api.example.com", "*.example.com"));
        assertTrue(Permissions.hostCovers("*.example.com", "*.api.example.com"));
        assertTrue(Permissions.pathCovers("/data", "/data/a/b"));
        assertFalse(Permissions.pathCovers("/data", "/database"));
        assertFalse(Permissions.pathCovers("/data", "/data/../etc"));
    }

    @Test
    void theProblemSaysHowToGrant() {
        String p = Permissions.problem("weather", List.of("kv", "network.hosts=api.example.com"));
        assertTrue(p.contains("plugin:grant weather kv network.hosts=api.example.com"), p);
        assertTrue(p.contains("etc/dev.dx.plugin-weather.cfg"), p);
    }
}
