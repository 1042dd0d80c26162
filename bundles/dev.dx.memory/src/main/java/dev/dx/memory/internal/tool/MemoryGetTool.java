package dev.dx.memory.internal.tool;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.dx.api.memory.MemoryDocument;
import dev.dx.api.memory.MemoryStore;
import dev.dx.api.tool.Tool;
import dev.dx.api.tool.ToolInvocation;
import dev.dx.api.tool.ToolName;
import dev.dx.api.tool.ToolResult;
import dev.dx.api.tool.ToolSpec;
import dev.dx.memory.internal.Lines;

/** Tool {@code memory_get}: the agent reads one of its memories, or some lines of it, by id. */
@Component(service = Tool.class)
@ToolName("memory_get")
public final class MemoryGetTool implements Tool {
    private static final int MAX_CHARS = 12_000;
    private static final ToolSpec SPEC = new ToolSpec("memory_get",
            "Read a memory found by memory_search: the whole text or some of its lines.",
            Map.of("type", "object",
                    "properties", Map.of(
                            "id", Map.of("type", "string", "description", "The id memory_search showed"),
                            "fromLine", Map.of("type", "integer", "minimum", 1, "description", "First line, from 1"),
                            "lines", Map.of("type", "integer", "minimum", 1, "maximum", 2000,
                                    "description", "How many lines")),
                    "required", List.of("id"), "additionalProperties", false));

    @Reference
    private MemoryStore memory;

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public ToolResult invoke(ToolInvocation invocation) {
        Map<String, Object> args = ToolArgs.of(invocation);
        String id;
        int from;
        int lines;
        try {
            id = ToolArgs.string(args, "id", true);
            from = ToolArgs.integer(args, "fromLine", 1, 1, Integer.MAX_VALUE);
            lines = ToolArgs.integer(args, "lines", 0, 1, 2000);
        } catch (IllegalArgumentException e) {
            return ToolResult.error(e.getMessage() + ". Call memory_get with {\"id\": \"...\"} as memory_search showed.");
        }
        Optional<MemoryDocument> d;
        try {
            d = memory.get(id);
        } catch (IllegalStateException e) {
            return ToolResult.error("Memory is not available right now: " + e.getMessage());
        }
        String agent = invocation.agentId();
        if (d.isEmpty() || (agent != null && !agent.equals(d.get().metadata().agent()))) {
            return ToolResult.error("There is no memory '" + id + "'. Use memory_search to find ids.");
        }
        Lines l = Lines.of(d.get().text(), from, lines, MAX_CHARS);
        String header = "[" + id + " lines " + l.fromLine() + "-" + l.toLine() + " of " + l.totalLines() + "]\n";
        String more = l.toLine() < l.totalLines() && (lines == 0 || l.toLine() < from + lines - 1)
                ? "\n[truncated; continue with fromLine " + (l.toLine() + 1) + "]" : "";
        return new ToolResult(header + l.text() + more, false, Map.of("id", id, "fromLine", l.fromLine(),
                "toLine", l.toLine(), "totalLines", l.totalLines()));
    }
}
