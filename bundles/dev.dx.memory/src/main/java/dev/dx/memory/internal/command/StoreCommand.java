package dev.dx.memory.internal.command;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.dx.api.memory.MemoryDocument;
import dev.dx.api.memory.MemoryMetadata;
import dev.dx.api.memory.MemoryStore;

/** {@code memory:store}: stores a memory and prints its id. */
@Service
@Command(scope = "memory", name = "store", description = "Stores a memory, e.g. memory:store -t health "
        + "\"Dentist on Tuesday at 9\"")
public final class StoreCommand implements Action {
    @Reference
    private MemoryStore memory;

    @Option(name = "-a", aliases = "--agent", description = "The agent it belongs to (default main)")
    private String agent;

    @Option(name = "-s", aliases = "--source", description = "Where it comes from (default note)")
    private String source;

    @Option(name = "-t", aliases = "--tag", multiValued = true, description = "A tag; repeat for several")
    private List<String> tags;

    @Option(name = "--id", description = "Replace the memory with this id")
    private String id;

    @Argument(index = 0, name = "text", required = true, multiValued = true, description = "The text")
    private List<String> text;

    @Override
    public Object execute() {
        try {
            String stored = memory.store(new MemoryDocument(id, String.join(" ", text),
                    new MemoryMetadata(source, null, agent, null, tags)));
            System.out.println("Stored " + stored);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
        }
        return null;
    }
}
