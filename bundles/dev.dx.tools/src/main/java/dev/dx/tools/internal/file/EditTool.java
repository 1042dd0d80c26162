package dev.dx.tools.internal.file;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;

import dev.dx.api.tool.Tool;
import dev.dx.api.tool.ToolInvocation;
import dev.dx.api.tool.ToolName;
import dev.dx.api.tool.ToolResult;
import dev.dx.api.tool.ToolSpec;
import dev.dx.tools.internal.ArgumentException;
import dev.dx.tools.internal.Args;
import dev.dx.tools.internal.Schemas;
import dev.dx.tools.internal.ToolsConfig;

/** {@code edit}: replaces one exact piece of text in a workspace file, atomically. */
@Component(service = Tool.class, immediate = true, configurationPid = ToolsConfig.PID)
@ToolName("edit")
public final class EditTool implements Tool {
    private static final ToolSpec SPEC = new ToolSpec("edit", "Replace text in a workspace file: 'oldText' must "
            + "occur exactly once (include enough surrounding lines to make it unique); it becomes 'newText'.",
            Schemas.object(Schemas.props(
                    "path", Schemas.string("File, relative to the workspace"),
                    "oldText", Schemas.string("The exact text to replace, whitespace included"),
                    "newText", Schemas.string("The replacement")),
                    List.of("path", "oldText", "newText")));

    private volatile int maxBytes;

    @Activate
    @Modified
    void activate(ToolsConfig config) {
        this.maxBytes = config.maxWriteBytes();
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public ToolResult invoke(ToolInvocation call) {
        try {
            Args args = Args.of(call.arguments(), Set.of("path", "oldText", "newText"));
            WorkspacePath path = WorkspacePath.parse(args.string("path"), call.workspace());
            String oldText = args.string("oldText");
            String newText = args.string("newText");
            if (oldText.isEmpty()) {
                return ToolResult.error("'oldText' is empty; give the exact text to replace (to write a whole file, "
                        + "use write).");
            }
            if (path.isRoot()) {
                return ToolResult.error("The path names the workspace itself; give a file name.");
            }
            try (SecureWorkspace ws = SecureWorkspace.open(call.workspace())) {
                SecureWorkspace.Dir dir = ws.folder(path.parents(), false);
                PosixFileAttributes a = ws.stat(dir, path.name());
                if (a == null) {
                    return ToolResult.error("'" + path + "' does not exist; create it with write.");
                }
                if (a.isSymbolicLink()) {
                    return ToolResult.error(SecureWorkspace.symlink(path.toString()).getMessage());
                }
                if (!a.isRegularFile()) {
                    return ToolResult.error("'" + path + "' is not a regular file.");
                }
                if (a.size() > maxBytes) {
                    return ToolResult.error("'" + path + "' is " + a.size() + " bytes; edit handles files up to "
                            + maxBytes + " bytes.");
                }
                FileChecks.singleLink(ws, dir, path, a, "edit");
                String text = readUtf8(ws, dir, path);
                int matches = count(text, oldText);
                if (matches != 1) {
                    return ToolResult.error(matches == 0
                            ? "'oldText' was not found in '" + path + "'; read the file and copy the text exactly, "
                                    + "whitespace and line breaks included."
                            : "'oldText' occurs " + matches + " times in '" + path + "'; it must occur exactly once. "
                                    + "Include more surrounding text to make it unique.");
                }
                int at = text.indexOf(oldText);
                String updated = text.substring(0, at) + newText + text.substring(at + oldText.length());
                byte[] bytes = updated.getBytes(StandardCharsets.UTF_8);
                if (bytes.length > maxBytes) {
                    return ToolResult.error("The edited file would be " + bytes.length + " bytes; the limit is "
                            + maxBytes + ".");
                }
                AtomicWrite.replace(ws, dir, path.name(), bytes, a, true);
                long line = text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
                return new ToolResult("Edited '" + path + "' at line " + line + ".", false,
                        Map.of("path", path.toString(), "line", line, "bytes", bytes.length));
            }
        } catch (ArgumentException e) {
            return ToolResult.error(e.getMessage());
        } catch (IOException e) {
            return ToolResult.error("Cannot edit: " + SecureWorkspace.reason(e));
        }
    }

    private String readUtf8(SecureWorkspace ws, SecureWorkspace.Dir dir, WorkspacePath path)
            throws ArgumentException, IOException {
        byte[] bytes;
        try (SeekableByteChannel ch = ws.openRead(dir, path.name()); InputStream in = Channels.newInputStream(ch)) {
            bytes = in.readNBytes(maxBytes + 1);
        }
        if (bytes.length > maxBytes) {
            throw new ArgumentException("'" + path + "' grew past " + maxBytes + " bytes while being read.");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ArgumentException("'" + path + "' is not UTF-8 text; edit would corrupt it.");
        }
    }

    /** Counts occurrences, overlapping ones too: any second place the text could mean makes the edit ambiguous. */
    static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
