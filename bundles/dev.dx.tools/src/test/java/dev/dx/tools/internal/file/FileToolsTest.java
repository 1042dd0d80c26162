package dev.dx.tools.internal.file;

import static dev.dx.tools.internal.Calls.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dx.api.tool.ToolResult;
import dev.dx.tools.internal.TestConfigs;

/** read, write and edit: what they do, and that they stay inside the workspace. */
class FileToolsTest {
    @TempDir
    Path base;
    Path ws;
    Path outside;
    Path secret;
    ReadTool read;
    WriteTool write;
    EditTool edit;

    @BeforeEach
    void setUp() throws Exception {
        ws = Files.createDirectories(base.resolve("ws"));
        outside = Files.createDirectories(base.resolve("outside"));
        secret = Files.writeString(outside.resolve("secret.txt"), "TOP SECRET\n");
        read = new ReadTool();
        read.activate(TestConfigs.tools(Map.of("maxReadBytes", 4096)));
        write = new WriteTool();
        write.activate(TestConfigs.tools(Map.of("maxWriteBytes", 8192)));
        edit = new EditTool();
        edit.activate(TestConfigs.tools(Map.of("maxWriteBytes", 8192)));
    }

    private static void ok(ToolResult r) {
        assertFalse(r.error(), r.content());
    }

    private static void refused(ToolResult r, String... words) {
        assertTrue(r.error(), "expected a refusal, got: " + r.content());
        for (String w : words) {
            assertTrue(r.content().contains(w), "'" + w + "' in: " + r.content());
        }
        assertFalse(r.content().contains("TOP SECRET"), r.content());
        assertFalse(r.content().contains("\tat "), "no stack trace: " + r.content());
    }

    private void outsideUntouched() throws Exception {
        assertEquals("TOP SECRET\n", Files.readString(secret));
        try (var files = Files.list(outside)) {
            assertEquals(List.of("secret.txt"), files.map(p -> p.getFileName().toString()).collect(Collectors.toList()));
        }
    }

    @Test
    void writeCreatesFoldersAndReadReturnsTheText() throws Exception {
        ok(call(write, ws, "path", "notes/deep/a.txt", "content", "one\ntwo\nthree\n"));
        assertEquals("one\ntwo\nthree\n", Files.readString(ws.resolve("notes/deep/a.txt")));
        ToolResult r = call(read, ws, "path", "notes/deep/a.txt");
        ok(r);
        assertEquals("one\ntwo\nthree\n", r.content());
        ToolResult replaced = call(write, ws, "path", "notes/deep/a.txt", "content", "new");
        assertTrue(replaced.content().startsWith("Replaced"), replaced.content());
        assertEquals("new", call(read, ws, "path", "notes/deep/a.txt").content());
        try (var files = Files.list(ws.resolve("notes/deep"))) {
            assertEquals(1, files.count(), "no temporary files are left behind");
        }
        String listing = call(read, ws, "path", "notes").content();
        assertTrue(listing.contains("deep/"), listing);
    }

    @Test
    void readSlicesLongFilesByLines() throws Exception {
        String text = IntStream.rangeClosed(1, 50).mapToObj(i -> "line " + i).collect(Collectors.joining("\n")) + "\n";
        Files.writeString(ws.resolve("long.txt"), text);
        ToolResult r = call(read, ws, "path", "long.txt", "offset", 10, "limit", 3);
        assertTrue(r.content().startsWith("line 10\nline 11\nline 12\n"), r.content());
        assertTrue(r.content().contains("continue with offset=13"), r.content());
        assertTrue(call(read, ws, "path", "long.txt", "offset", 49).content().equals("line 49\nline 50\n"));
        assertTrue(call(read, ws, "path", "long.txt", "offset", 99).content().contains("shorter"));

        Files.writeString(ws.resolve("big.txt"), "x".repeat(100) + "\n" + "y\n".repeat(5000));
        ToolResult big = call(read, ws, "path", "big.txt");
        assertFalse(big.error());
        assertTrue(big.content().length() < 4200, "capped at maxReadBytes: " + big.content().length());
        assertTrue(big.content().contains("continue with offset="), big.content());

        Files.write(ws.resolve("bin.dat"), new byte[] {1, 2, 0, 3});
        refused(call(read, ws, "path", "bin.dat"), "binary");
    }

    @Test
    void editReplacesExactlyOneMatchAndKeepsPermissions() throws Exception {
        Path f = Files.writeString(ws.resolve("run.sh"), "#!/bin/sh\necho hello\necho hello\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-x---"));
        refused(call(edit, ws, "path", "run.sh", "oldText", "echo hello", "newText", "echo bye"), "occurs 2 times");
        refused(call(edit, ws, "path", "run.sh", "oldText", "nothere", "newText", "x"), "not found");
        refused(call(edit, ws, "path", "run.sh", "oldText", "", "newText", "x"), "empty");
        ok(call(edit, ws, "path", "run.sh", "oldText", "hello\necho hello\n", "newText", "hello\necho bye\n"));
        assertEquals("#!/bin/sh\necho hello\necho bye\n", Files.readString(f));
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        refused(call(edit, ws, "path", "missing.txt", "oldText", "a", "newText", "b"), "does not exist");
        Files.write(ws.resolve("latin1.txt"), "caf\u00e9".getBytes(StandardCharsets.ISO_8859_1));
        refused(call(edit, ws, "path", "latin1.txt", "oldText", "caf", "newText", "x"), "not UTF-8");
    }

    @Test
    void badArgumentsAreExplainedNotThrown() {
        refused(call(read, ws), "Missing argument 'path'");
        refused(call(read, ws, "path", 42), "must be a string");
        refused(call(read, ws, "path", "a.txt", "offset", "ten"), "whole number");
        refused(call(read, ws, "path", "a.txt", "offset", 0), "between 1 and");
        refused(call(write, ws, "path", "a.txt", "content", "x", "mode", "0777"), "Unknown argument", "mode");
        refused(call(write, ws, "path", "big.txt", "content", "z".repeat(9000)), "at most 8192");
        refused(call(write, ws, "path", "", "content", "x"), "empty");
        refused(call(read, ws, "path", "nope.txt"), "does not exist");
    }

    @Test
    void dotDotIsRefusedAndThePlainPathWorks() throws Exception {
        Files.createDirectories(ws.resolve("notes"));
        refused(call(read, ws, "path", "../outside/secret.txt"), "..");
        refused(call(read, ws, "path", "notes/../../outside/secret.txt"), "..");
        refused(call(read, ws, "path", "notes/.."), "..");
        refused(call(write, ws, "path", "../outside/x.txt", "content", "pwned"), "..");
        refused(call(edit, ws, "path", "../outside/secret.txt", "oldText", "TOP", "newText", "NOT"), "..");
        outsideUntouched();
        ok(call(write, ws, "path", "./notes/./x.txt", "content", "fine"));
        assertEquals("fine", call(read, ws, "path", "notes/x.txt").content());
    }

    @Test
    void absolutePathsMustBeInsideTheWorkspace() throws Exception {
        refused(call(read, ws, "path", "/etc/passwd"), "outside the workspace");
        refused(call(read, ws, "path", secret.toString()), "outside the workspace");
        refused(call(write, ws, "path", outside.resolve("x.txt").toString(), "content", "pwned"), "outside");
        refused(call(read, ws, "path", ws + "/../outside/secret.txt"), "..");
        refused(call(read, ws, "path", ws + "-evil/x"), "outside the workspace");
        outsideUntouched();
        ok(call(write, ws, "path", ws.resolve("abs.txt").toString(), "content", "inside"));
        assertEquals("inside", call(read, ws, "path", ws.resolve("abs.txt").toString()).content());
    }

    @Test
    void nulControlAndEncodedSeparatorsAreRefused() throws Exception {
        Files.writeString(ws.resolve("a.txt"), "plain");
        refused(call(read, ws, "path", "a.txt\0.png"), "NUL");
        refused(call(read, ws, "path", "a\n.txt"), "control character");
        refused(call(read, ws, "path", "%2e%2e/outside/secret.txt"), "percent-encoding");
        refused(call(read, ws, "path", "..%2foutside%2fsecret.txt"), "percent-encoding");
        refused(call(read, ws, "path", "%2E%2E%2Foutside"), "percent-encoding");
        refused(call(read, ws, "path", "..%c0%afoutside"), "percent-encoding");
        refused(call(read, ws, "path", "..\\outside\\secret.txt"), "backslash");
        refused(call(read, ws, "path", "\uff0e\uff0e\uff0foutside\uff0fsecret.txt"), "separator");
        refused(call(read, ws, "path", "\uff0e\uff0e"), "looks like '..'");
        refused(call(write, ws, "path", "x%2fy", "content", "x"), "percent-encoding");
        outsideUntouched();
        ok(call(read, ws, "path", "a.txt"));
        ok(call(write, ws, "path", "café/naïve 100% ok.txt", "content", "unicode names are fine"));
        assertEquals("unicode names are fine", call(read, ws, "path", "café/naïve 100% ok.txt").content());
    }

    @Test
    void symlinksAreNeverFollowed() throws Exception {
        Files.createSymbolicLink(ws.resolve("etc"), Path.of("/etc"));
        Files.createSymbolicLink(ws.resolve("secret-link"), secret);
        Files.createSymbolicLink(ws.resolve("out"), Path.of("../outside"));
        refused(call(read, ws, "path", "etc/passwd"), "symbolic link");
        refused(call(read, ws, "path", "etc"), "symbolic link");
        refused(call(read, ws, "path", "secret-link"), "symbolic link");
        refused(call(write, ws, "path", "secret-link", "content", "pwned"), "symbolic link");
        refused(call(edit, ws, "path", "secret-link", "oldText", "TOP", "newText", "NOT"), "symbolic link");
        refused(call(write, ws, "path", "out/new.txt", "content", "pwned"), "symbolic link");
        refused(call(write, ws, "path", "out/deeper/new.txt", "content", "pwned"), "symbolic link");
        refused(call(edit, ws, "path", "out/secret.txt", "oldText", "TOP", "newText", "NOT"), "symbolic link");
        outsideUntouched();
        assertTrue(Files.isSymbolicLink(ws.resolve("secret-link")), "the link itself was not replaced either");
        // the twin: the same names as real folders and files work
        Files.createDirectories(ws.resolve("real/deeper"));
        ok(call(write, ws, "path", "real/deeper/new.txt", "content", "ok"));
        ok(call(edit, ws, "path", "real/deeper/new.txt", "oldText", "ok", "newText", "edited"));
        assertEquals("edited", call(read, ws, "path", "real/deeper/new.txt").content());
        String listing = call(read, ws, "path", ".").content();
        assertTrue(listing.contains("etc@") && listing.contains("real/"), listing);
    }

    @Test
    void hardLinksToOutsideFilesAreRefused() throws Exception {
        Files.createLink(ws.resolve("hard.txt"), secret);
        refused(call(read, ws, "path", "hard.txt"), "hard link");
        refused(call(write, ws, "path", "hard.txt", "content", "pwned"), "hard link");
        refused(call(edit, ws, "path", "hard.txt", "oldText", "TOP", "newText", "NOT"), "hard link");
        outsideUntouched();
        Files.writeString(ws.resolve("single.txt"), "TOP of the list\n");
        ok(call(edit, ws, "path", "single.txt", "oldText", "TOP", "newText", "Bottom"));
        assertEquals("Bottom of the list\n", call(read, ws, "path", "single.txt").content());
    }

    @Test
    void specialFilesAreRefusedWithoutBlocking() throws Exception {
        Process p = new ProcessBuilder("mkfifo", ws.resolve("pipe").toString()).start();
        assertEquals(0, p.waitFor());
        refused(call(read, ws, "path", "pipe"), "not a regular file");
        refused(call(write, ws, "path", "pipe", "content", "x"), "not a regular file");
        refused(call(write, ws, "path", "pipe/x.txt", "content", "x"), "not a folder");
    }

    @Test
    void aMissingWorkspaceIsReported() {
        refused(call(read, base.resolve("nope"), "path", "a.txt"), "does not exist");
    }
}
