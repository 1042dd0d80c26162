package dev.dx.memory.internal.tool;

import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.dx.api.memory.MemoryHit;
import dev.dx.api.memory.MemoryStore;
import dev.dx.api.memory.SearchMode;
import dev.dx.api.memory.SearchOptions;
import dev.dx.api.memory.SearchResult;
import dev.dx.api.tool.Tool;
import dev.dx.api.tool.ToolInvocation;
import dev.dx.api.tool.ToolName;
import dev.dx.api.tool.ToolResult;
import dev.dx.api.tool.ToolSpec;

/** Tool {@code memory_search}: the agent searches its own memory (its memory files and stored memories). */
@Component(service = Tool.class)
@ToolName("memory_search")
public final class MemorySearchTool implements Tool {
    private static final ToolSpec SPEC = new ToolSpec("memory_search",
            "Search your long-term memory (MEMORY.md, memory/*.md and stored memories) by meaning and by words. Use it "
                    + "before answering questions about the user, past conversations, decisions, dates or preferences. "
                    + "Returns passages with their id and lines; read more with memory_get.",
            Map.of("type", "object",
                    "properties", Map.of(
                            "query", Map.of("type", "string", "description", "What to look for, in natural language"),
                            "limit", Map.of("type", "integer", "minimum", 1, "maximum", 20, "default", 6,
                                    "description", "Most passages to return"),
                            "mode", Map.of("type", "string", "enum", List.of("hybrid", "text", "semantic"),
                                    "description", "hybrid (default), text (exact words) or semantic (meaning)")),
                    "required", List.of("query"), "additionalProperties", false));

    @Reference
    private MemoryStore memory;

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public ToolResult invoke(ToolInvocation invocation) {
        Map<String, Object> args = ToolArgs.of(invocation);
        String query;
        SearchOptions options;
        try {
            query = ToolArgs.string(args, "query", true);
            int limit = ToolArgs.integer(args, "limit", 6, 1, 20);
            SearchMode mode = SearchMode.of(ToolArgs.string(args, "mode", false));
            options = new SearchOptions(mode, limit, invocation.agentId(), null, null, null, null);
        } catch (IllegalArgumentException e) {
            return ToolResult.error(e.getMessage() + ". Call memory_search with {\"query\": \"...\"}.");
        }
        SearchResult r;
        try {
            r = memory.search(query, options);
        } catch (IllegalStateException e) {
            return ToolResult.error("Memory is not available right now: " + e.getMessage());
        }
        return new ToolResult(format(r), false, Map.of("hits", r.hits(), "mode", r.mode().id(),
                "vectorsReady", r.vectorsReady()));
    }

    static String format(SearchResult r) {
        StringBuilder sb = new StringBuilder();
        if (r.hits().isEmpty()) {
            sb.append("No memories match.");
        }
        int n = 1;
        for (MemoryHit h : r.hits()) {
            sb.append(n++).append(". ").append(h.path().isEmpty() ? h.source() : h.path())
                    .append(" lines ").append(h.startLine()).append('-').append(h.endLine())
                    .append(" (id ").append(h.documentId()).append(", score ")
                    .append(String.format(java.util.Locale.ROOT, "%.2f", h.score())).append(", ")
                    .append(h.created().toString(), 0, 10).append(")\n   ")
                    .append(h.snippet().replace("\n", " ")).append('\n');
        }
        if (!r.note().isEmpty()) {
            sb.append("Note: ").append(r.note()).append('\n');
        }
        return sb.toString().strip();
    }
}
