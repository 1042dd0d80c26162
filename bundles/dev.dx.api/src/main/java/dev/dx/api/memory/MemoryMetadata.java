package dev.dx.api.memory;

import java.time.Instant;
import java.util.List;

/**
 * Where a memory came from and how it is labelled.
 *
 * @param source  what produced it, e.g. {@code "note"}, {@code "chat"}, {@code "file"} (memory files); default
 *                {@code "note"}
 * @param path    a path or URL it was taken from, or an empty string
 * @param agent   the agent it belongs to; default {@code "main"}
 * @param created when it was written; the store sets the time of storing when {@code null}
 * @param tags    free labels for filtering
 * @since 0.1
 */
public record MemoryMetadata(String source, String path, String agent, Instant created, List<String> tags) {
    /** The agent documents belong to unless said otherwise. */
    public static final String DEFAULT_AGENT = "main";
    /** The source of documents stored without one. */
    public static final String DEFAULT_SOURCE = "note";

    /** Normalises nulls and blanks to the defaults. */
    public MemoryMetadata {
        source = source == null || source.isBlank() ? DEFAULT_SOURCE : source.strip();
        path = path == null ? "" : path.strip();
        agent = agent == null || agent.isBlank() ? DEFAULT_AGENT : agent.strip();
        tags = tags == null ? List.of() : tags.stream().filter(t -> t != null && !t.isBlank()).map(String::strip)
                .distinct().toList();
    }

    /** @return metadata with every default: source {@code note}, agent {@code main}, no path, no tags */
    public static MemoryMetadata defaults() {
        return new MemoryMetadata(null, null, null, null, null);
    }

    /**
     * @param created the new creation time
     * @return a copy with that time
     */
    public MemoryMetadata withCreated(Instant created) {
        return new MemoryMetadata(source, path, agent, created, tags);
    }
}
