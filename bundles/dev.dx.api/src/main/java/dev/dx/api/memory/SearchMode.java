package dev.dx.api.memory;

import java.util.Locale;

/**
 * How {@link MemoryStore#search} ranks.
 *
 * @since 0.1
 */
public enum SearchMode {
    /** Words only: BM25 full-text ranking. */
    TEXT,
    /** Meaning only: nearest neighbours of the query's embedding. */
    SEMANTIC,
    /** Both, merged with the configured weights; the default. */
    HYBRID;

    /** @return the lower-case name used on the wire, e.g. {@code "hybrid"} */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param id {@code text}, {@code semantic} or {@code hybrid}, case-insensitive; {@code null} or blank means hybrid
     * @return the mode
     * @throws IllegalArgumentException naming the accepted values
     */
    public static SearchMode of(String id) {
        if (id == null || id.isBlank()) {
            return HYBRID;
        }
        for (SearchMode m : values()) {
            if (m.name().equalsIgnoreCase(id.strip())) {
                return m;
            }
        }
        throw new IllegalArgumentException("Unknown search mode '" + id + "'; use text, semantic or hybrid");
    }
}
