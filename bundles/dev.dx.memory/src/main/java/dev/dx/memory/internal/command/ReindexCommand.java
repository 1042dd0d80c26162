package dev.dx.memory.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.dx.api.memory.MemoryStore;

/** {@code memory:reindex}: rebuilds the memory index from its sources in the background. */
@Service
@Command(scope = "memory", name = "reindex", description = "Rebuilds the memory index from the stored documents and "
        + "memory files; search keeps answering (text only until vectors are ready)")
public final class ReindexCommand implements Action {
    @Reference
    private MemoryStore memory;

    @Override
    public Object execute() {
        memory.reindex();
        System.out.println("Rebuilding the memory index in the background; memory:status shows the progress.");
        return null;
    }
}
