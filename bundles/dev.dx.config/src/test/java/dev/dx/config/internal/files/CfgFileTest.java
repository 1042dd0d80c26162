package dev.dx.config.internal.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CfgFileTest {
    @TempDir
    Path dir;

    @Test
    void readsKeysInOrderWithEscapesAndContinuations() throws Exception {
        Map<String, String> m = CfgFile.parse("# comment\n! also\nport = 31337\nname: a\\tb\nlong = one \\\n  two\n\nurl=http://x/y?a=b\n");
        assertEquals(List.of("port", "name", "long", "url"), List.copyOf(m.keySet()));
        assertEquals("31337", m.get("port"));
        assertEquals("a\tb", m.get("name"));
        assertEquals("one two", m.get("long"));
        assertEquals("http://x/y?a=b", m.get("url"));
        assertEquals("", CfgFile.parse("empty =\n").get("empty"));
    }

    @Test
    void halfWrittenOrMalformedFilesAreRefusedWithTheLine() {
        CfgFile.SyntaxError noSeparator = assertThrows(CfgFile.SyntaxError.class, () -> CfgFile.parse("port = 1\nbindAddr"));
        assertEquals(2, noSeparator.line());
        assertTrue(noSeparator.getMessage().contains("line 2"));
        assertThrows(CfgFile.SyntaxError.class, () -> CfgFile.parse("a = b \\"));
        assertThrows(CfgFile.SyntaxError.class, () -> CfgFile.parse("a = 1\na = 2\n"));
        assertThrows(CfgFile.SyntaxError.class, () -> CfgFile.parse("bad key = 1\n"));
    }

    @Test
    void editsKeepCommentsAndOrderAndRoundTrip() throws Exception {
        String text = "# header\nport = 1\n# about b\nb = x\n";
        Map<String, String> changes = new LinkedHashMap<>();
        changes.put("port", "2");
        changes.put("b", null);
        changes.put("new", " tab\there\nline");
        String out = CfgFile.edit(text, changes);
        assertTrue(out.startsWith("# header\nport = 2\n# about b\n"), out);
        Map<String, String> back = CfgFile.parse(out);
        assertEquals("2", back.get("port"));
        assertNull(back.get("b"));
        assertEquals(" tab\there\nline", back.get("new"));
    }

    @Test
    void replaceIsAtomicAndLeavesNoTemporaryFile() throws Exception {
        Path f = dir.resolve("dev.dx.x.cfg");
        Files.writeString(f, "a = 1\n");
        CfgFile.replace(f, "a = 2\n");
        assertEquals("a = 2\n", Files.readString(f));
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count());
        }
    }

    @Test
    void fileNamesMapToPids() {
        assertEquals("dev.dx.gateway", CfgName.of("dev.dx.gateway.cfg").configPid());
        CfgName f = CfgName.of("dev.dx.provider-anthropic.cfg");
        assertEquals("dev.dx.provider", f.pid());
        assertEquals("dev.dx.provider~anthropic", f.configPid());
        assertEquals("dev.dx.provider-anthropic.cfg", CfgName.fileFor("dev.dx.provider~anthropic"));
        CfgName plugin = CfgName.of("dev.dx.plugin-my-tool.cfg");
        assertEquals("dev.dx.plugin", plugin.pid());
        assertEquals("dev.dx.plugin~my-tool", plugin.configPid());
        assertEquals("dev.dx.plugin-my-tool.cfg", CfgName.fileFor("dev.dx.plugin~my-tool"));
        for (String other : new String[] {"org.ops4j.pax.web.cfg", "dev.dx.gateway.cfg.bak", "../dev.dx.x.cfg",
            "dev.dx..cfg", "dev.dx.x-.cfg", ".dev.dx.x.cfg.tmp", "dev.dx.x--y.cfg", "dev.dx.x-y-.cfg"}) {
            assertNull(CfgName.of(other), other);
        }
    }
}
