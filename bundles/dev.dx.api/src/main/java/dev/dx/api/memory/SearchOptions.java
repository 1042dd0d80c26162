package dev.dx.api.memory;

import java.time.Instant;
import java.util.List;

/**
 * What {@link MemoryStore#search} looks at and how much it returns. Filters combine with AND; a {@code null} filter
 * is not applied.
 *
 * @param mode   text, semantic or hybrid; {@code null} means hybrid
 * @param limit  the most hits to return, 1 to 100; 0 or less means 10
 * @param agent  only memories of this agent
 * @param source only memories with this source (e.g. {@code "file"})
 * @param tags   only memories carrying every one of these tags
 * @param from   only memories created at or after this time
 * @param to     only memories created before this time
 * @since 0.1
 */
public record SearchOptions(SearchMode mode, int limit, String agent, String source, List<String> tags, Instant from,
        Instant to) {
    /** The limit used when none is given. */
    public static final int DEFAULT_LIMIT = 10;
    /** The largest limit. */
    public static final int MAX_LIMIT = 100;

    /** Normalises nulls and clamps the limit. */
    public SearchOptions {
        mode = mode == null ? SearchMode.HYBRID : mode;
        limit = limit <= 0 ? DEFAULT_LIMIT : Math.min(limit, MAX_LIMIT);
        agent = agent == null || agent.isBlank() ? null : agent.strip();
        source = source == null || source.isBlank() ? null : source.strip();
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /** @return hybrid search, 10 hits, no filters */
    public static SearchOptions defaults() {
        return new SearchOptions(null, 0, null, null, null, null, null);
    }

    /**
     * @param mode  the ranking
     * @param limit the most hits
     * @return options with no filters
     */
    public static SearchOptions of(SearchMode mode, int limit) {
        return new SearchOptions(mode, limit, null, null, null, null, null);
    }
}
