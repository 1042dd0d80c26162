package dev.dx.tools.internal.file;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

import dev.dx.api.tool.Tool;
import dev.dx.api.tool.ToolInvocation;
import dev.dx.api.tool.ToolName;
import dev.dx.api.tool.ToolResult;
import dev.dx.api.tool.ToolSpec;
import dev.dx.tools.internal.ArgumentException;
import dev.dx.tools.internal.Args;
import dev.dx.tools.internal.Schemas;
import dev.dx.tools.internal.ToolsConfig;

/** {@code read}: a text file of the workspace, a slice of lines at a time, or the names in a folder. */
@Component(service = Tool.class, immediate = true, configurationPid = ToolsConfig.PID)
@Designate(ocd = ToolsConfig.class)
@ToolName("read")
public final class ReadTool implements Tool {
    private static final int MAX_LIMIT = 100_000;
    private static final int DEFAULT_LIMIT = 2000;
    private static final int MAX_ENTRIES = 1000;
    private static final ToolSpec SPEC = new ToolSpec("read", "Read a text file from the workspace (or list a "
            + "folder). Returns up to 'limit' lines starting at line 'offset'; long files are read in slices.",
            Schemas.object(Schemas.props(
                    "path", Schemas.string("File or folder, relative to the workspace"),
                    "offset", Schemas.integer("First line to return (1-based), default 1", 1, Integer.MAX_VALUE),
                    "limit", Schemas.integer("Most lines to return, default " + DEFAULT_LIMIT, 1, MAX_LIMIT)),
                    List.of("path")));

    private volatile int maxBytes;

    @Activate
    @Modified
    void activate(ToolsConfig config) {
        this.maxBytes = config.maxReadBytes();
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public ToolResult invoke(ToolInvocation call) {
        try {
            Args args = Args.of(call.arguments(), Set.of("path", "offset", "limit"));
            WorkspacePath path = WorkspacePath.parse(args.string("path"), call.workspace());
            long offset = args.integer("offset", 1, 1, Integer.MAX_VALUE);
            long limit = args.integer("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
            try (SecureWorkspace ws = SecureWorkspace.open(call.workspace())) {
                if (path.isRoot()) {
                    return list(ws, ws.folder(List.of(), false), ".");
                }
                SecureWorkspace.Dir dir = ws.folder(path.parents(), false);
                PosixFileAttributes a = ws.stat(dir, path.name());
                if (a == null) {
                    return ToolResult.error("'" + path + "' does not exist.");
                }
                if (a.isSymbolicLink()) {
                    return ToolResult.error(SecureWorkspace.symlink(path.toString()).getMessage());
                }
                if (a.isDirectory()) {
                    return list(ws, ws.folder(path.segments(), false), path.toString());
                }
                if (!a.isRegularFile()) {
                    return ToolResult.error("'" + path + "' is not a regular file (a device, pipe or socket).");
                }
                FileChecks.singleLink(ws, dir, path, a, "read");
                try (SeekableByteChannel ch = ws.openRead(dir, path.name());
                        InputStream in = new BufferedInputStream(Channels.newInputStream(ch), 65536)) {
                    return result(path, a.size(), LineSlice.read(in, offset, limit, maxBytes));
                }
            }
        } catch (ArgumentException e) {
            return ToolResult.error(e.getMessage());
        } catch (IOException e) {
            return ToolResult.error("Cannot read: " + SecureWorkspace.reason(e));
        }
    }

    private ToolResult result(WorkspacePath path, long size, LineSlice s) {
        if (s.binary()) {
            return ToolResult.error("'" + path + "' is a binary file (" + size + " bytes); read returns text only.");
        }
        StringBuilder text = new StringBuilder(s.text());
        if (s.lastLine() < s.firstLine() && s.firstLine() > 1) {
            text.append("[no lines at offset ").append(s.firstLine()).append(": the file is shorter]");
        } else if (s.cut() && !s.text().endsWith("\n")) {
            text.append("\n[line ").append(s.lastLine()).append(" is longer than ").append(maxBytes)
                    .append(" bytes; only its beginning is shown]");
        } else if (s.more()) {
            text.append(s.text().endsWith("\n") ? "" : "\n").append("[lines ").append(s.firstLine()).append('-')
                    .append(s.lastLine()).append(" shown; more follow: continue with offset=")
                    .append(s.lastLine() + 1).append(']');
        }
        return new ToolResult(text.toString(), false, Map.of("path", path.toString(), "size", size,
                "firstLine", s.firstLine(), "lastLine", s.lastLine(), "more", s.more()));
    }

    private static ToolResult list(SecureWorkspace ws, SecureWorkspace.Dir dir, String display) throws IOException {
        List<String> names = new ArrayList<>();
        boolean more = false;
        for (Path p : dir.stream()) {
            if (names.size() == MAX_ENTRIES) {
                more = true;
                break;
            }
            String name = p.getFileName().toString();
            PosixFileAttributes a = ws.stat(dir, name);
            names.add(a == null ? name : a.isSymbolicLink() ? name + "@" : a.isDirectory() ? name + "/" : name);
        }
        names.sort(null);
        StringBuilder sb = new StringBuilder("'" + display + "' is a folder with these entries "
                + "(folders end in /, symbolic links in @):\n");
        names.forEach(n -> sb.append(n).append('\n'));
        if (more) {
            sb.append("[only the first ").append(MAX_ENTRIES).append(" entries are listed]\n");
        }
        return ToolResult.ok(sb.toString());
    }
}
