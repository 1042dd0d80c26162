package dev.dx.memory.internal.command;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import dev.dx.api.memory.MemoryHit;
import dev.dx.api.memory.MemoryStore;
import dev.dx.api.memory.SearchMode;
import dev.dx.api.memory.SearchOptions;
import dev.dx.api.memory.SearchResult;

/** {@code memory:search}: searches memory and prints the hits. */
@Service
@Command(scope = "memory", name = "search", description = "Searches memory, e.g. memory:search -m text dentist")
public final class SearchCommand implements Action {
    @Reference
    private MemoryStore memory;

    @Option(name = "-m", aliases = "--mode", description = "hybrid (default), text or semantic")
    private String mode;

    @Option(name = "-n", aliases = "--limit", description = "Most hits (default 10)")
    private int limit;

    @Option(name = "-a", aliases = "--agent", description = "Only this agent's memories")
    private String agent;

    @Option(name = "-s", aliases = "--source", description = "Only memories with this source (e.g. file)")
    private String source;

    @Option(name = "-t", aliases = "--tag", multiValued = true, description = "Only memories with this tag")
    private List<String> tags;

    @Argument(index = 0, name = "query", required = true, multiValued = true, description = "What to look for")
    private List<String> query;

    @Override
    public Object execute() {
        SearchMode m;
        try {
            m = SearchMode.of(mode);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return null;
        }
        SearchResult r = memory.search(String.join(" ", query), new SearchOptions(m, limit, agent, source, tags, null,
                null));
        ShellTable t = new ShellTable();
        t.column("Score");
        t.column("Memory");
        t.column("Lines");
        t.column("Snippet").maxSize(80).wrap();
        for (MemoryHit h : r.hits()) {
            t.addRow().addContent(String.format(java.util.Locale.ROOT, "%.3f", h.score()), h.documentId(),
                    h.startLine() + "-" + h.endLine(), h.snippet());
        }
        t.print(System.out);
        System.out.printf(java.util.Locale.ROOT, "%d hits, %s search, %.1f ms%s%n", r.hits().size(), r.mode().id(),
                r.tookMs(), r.vectorsReady() ? "" : ", vectors not ready");
        if (!r.note().isEmpty()) {
            System.out.println(r.note());
        }
        return null;
    }
}
