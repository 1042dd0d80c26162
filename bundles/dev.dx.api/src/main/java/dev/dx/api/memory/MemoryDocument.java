package dev.dx.api.memory;

import java.util.Objects;

/**
 * A document in memory: its text and where it came from.
 *
 * @param id       the document id; {@code null} when storing a new document
 * @param text     the text (Markdown is fine)
 * @param metadata provenance and tags
 * @since 0.1
 */
public record MemoryDocument(String id, String text, MemoryMetadata metadata) {
    /** Requires text and fills in default metadata. */
    public MemoryDocument {
        Objects.requireNonNull(text, "text must not be null");
        metadata = metadata == null ? MemoryMetadata.defaults() : metadata;
    }

    /**
     * @param text     the text
     * @param metadata provenance and tags, or {@code null} for the defaults
     * @return a new document to store
     */
    public static MemoryDocument of(String text, MemoryMetadata metadata) {
        return new MemoryDocument(null, text, metadata);
    }
}
