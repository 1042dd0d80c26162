package dev.dx.tools.internal.file;

import java.io.IOException;
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

/** {@code write}: creates or replaces a file of the workspace atomically, creating its folders. */
@Component(service = Tool.class, immediate = true, configurationPid = ToolsConfig.PID)
@ToolName("write")
public final class WriteTool implements Tool {
    private static final ToolSpec SPEC = new ToolSpec("write", "Create or overwrite a file in the workspace with "
            + "the given text. Missing folders are created. The file is replaced atomically.",
            Schemas.object(Schemas.props(
                    "path", Schemas.string("File, relative to the workspace"),
                    "content", Schemas.string("The complete new content")),
                    List.of("path", "content")));

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
            Args args = Args.of(call.arguments(), Set.of("path", "content"));
            WorkspacePath path = WorkspacePath.parse(args.string("path"), call.workspace());
            byte[] content = args.string("content").getBytes(StandardCharsets.UTF_8);
            if (path.isRoot()) {
                return ToolResult.error("The path names the workspace itself; give a file name.");
            }
            if (content.length > maxBytes) {
                return ToolResult.error("The content is " + content.length + " bytes; write accepts at most "
                        + maxBytes + ". Write it in smaller files.");
            }
            try (SecureWorkspace ws = SecureWorkspace.open(call.workspace())) {
                SecureWorkspace.Dir dir = ws.folder(path.parents(), true);
                PosixFileAttributes existing = ws.stat(dir, path.name());
                if (existing != null) {
                    if (existing.isSymbolicLink()) {
                        return ToolResult.error(SecureWorkspace.symlink(path.toString()).getMessage());
                    }
                    if (existing.isDirectory()) {
                        return ToolResult.error("'" + path + "' is a folder; give a file name.");
                    }
                    if (!existing.isRegularFile()) {
                        return ToolResult.error("'" + path + "' is not a regular file (a device, pipe or socket).");
                    }
                    FileChecks.singleLink(ws, dir, path, existing, "write");
                }
                AtomicWrite.replace(ws, dir, path.name(), content, existing, false);
                return new ToolResult((existing == null ? "Created '" : "Replaced '") + path + "' (" + content.length
                        + " bytes).", false, Map.of("path", path.toString(), "bytes", content.length,
                                "created", existing == null));
            }
        } catch (ArgumentException e) {
            return ToolResult.error(e.getMessage());
        } catch (IOException e) {
            return ToolResult.error("Cannot write: " + SecureWorkspace.reason(e));
        }
    }
}
