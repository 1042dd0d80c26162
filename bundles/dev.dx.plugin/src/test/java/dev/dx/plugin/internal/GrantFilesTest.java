package dev.dx.plugin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** plugin:grant edits etc/dev.dx.plugin-<id>.cfg in place. */
class GrantFilesTest {
    @TempDir
    Path etc;

    @Test
    void anIdThatIsNotAPluginIdNamesNoFile() throws Exception {
        GrantFiles g = new GrantFiles(etc);
        for (String bad : List.of("../x", "a/b", "x\0y", "..", "", "UPPER")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> g.read(bad), bad);
            assertTrue(e.getMessage().contains("not a plugin id"), e.getMessage());
        }
        assertEquals(etc.resolve("dev.dx.plugin-good-id.cfg"), g.file("good-id"), "a real id still names its file");
    }

    @Test
    void createsUpdatesAndKeepsWhatTheOwnerWrote() throws Exception {
        GrantFiles g = new GrantFiles(etc);
        Grant first = g.update("my-tool", Map.of("kv", "true"));
        assertTrue(first.kv());
        assertEquals(Grant.NONE.memoryMb(), first.memoryMb());
        Path f = etc.resolve("dev.dx.plugin-my-tool.cfg");
        Files.writeString(f, Files.readString(f) + "# my own note\nnetwork.hosts = a.example\n");
        Grant second = g.update("my-tool", Map.of("network.hosts", "a.example,b.example", "callTimeoutMs", "5000"));
        assertEquals(List.of("a.example", "b.example"), second.networkHosts());
        assertEquals(5000, second.callTimeoutMs());
        assertTrue(second.kv());
        String text = Files.readString(f);
        assertTrue(text.contains("# my own note"), text);
        assertEquals(1, text.lines().filter(l -> l.startsWith("network.hosts")).count(), text);
    }
}
