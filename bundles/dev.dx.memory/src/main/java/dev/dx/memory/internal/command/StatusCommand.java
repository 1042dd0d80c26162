package dev.dx.memory.internal.command;

import java.util.Locale;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import dev.dx.api.memory.MemoryStatus;
import dev.dx.api.memory.MemoryStore;

/** {@code memory:status}: counts, embedder, queued and indexed passages, and a progress bar while indexing. */
@Service
@Command(scope = "memory", name = "status", description = "Shows what memory holds and how far indexing is")
public final class StatusCommand implements Action {
    private static final int BAR = 30;

    @Reference
    private MemoryStore memory;

    @Override
    public Object execute() {
        MemoryStatus s = memory.status();
        ShellTable t = new ShellTable();
        t.column("Item");
        t.column("Value");
        t.addRow().addContent("State", s.state());
        t.addRow().addContent("Stored documents", s.documents());
        t.addRow().addContent("Memory files", s.files());
        t.addRow().addContent("Passages indexed", s.chunks());
        t.addRow().addContent("With vectors", s.embedded());
        t.addRow().addContent("Queued for vectors", s.queued());
        t.addRow().addContent("Embedded since start", s.indexedTotal());
        t.addRow().addContent("Embedder", s.embedder() + (s.embedderReady() ? " (" + s.dimension() + " dimensions)"
                : " (not available)"));
        t.addRow().addContent("Vectors ready", s.vectorsReady() ? "yes" : "no");
        t.addRow().addContent("Index size", String.format(Locale.ROOT, "%.1f MB", s.indexBytes() / 1e6));
        t.addRow().addContent("Memory files followed by", s.fileWatching().equals("notifications")
                ? "file notifications" : "polling every 2 s (no file notifications available)");
        t.print(System.out);
        if (s.reindexing() || s.queued() > 0) {
            System.out.println(bar(s));
        }
        for (String p : s.problems()) {
            System.out.println("Problem: " + p);
        }
        return null;
    }

    static String bar(MemoryStatus s) {
        int filled = (int) Math.round(s.progress() * BAR);
        // While a rebuild reads its sources the fraction is of documents read, which the passage counts do not show.
        String what = s.reindexing() && s.queued() == 0 ? "reading the stored documents and memory files"
                : String.format(Locale.ROOT, "%d of %d passages embedded", s.embedded(), s.chunks());
        return String.format(Locale.ROOT, "%s [%s%s] %3.0f%% (%s)", s.reindexing() ? "Reindexing" : "Indexing",
                "#".repeat(filled), "-".repeat(BAR - filled), s.progress() * 100, what);
    }
}
