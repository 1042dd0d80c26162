package dev.dx.memory.internal.chunk;

/**
 * A passage of a document, with where it is in the document.
 *
 * @param index     its number in the document, from 0
 * @param text      the passage
 * @param startChar offset of its first character in the document
 * @param endChar   offset after its last character
 * @param startLine line of its first character, from 1
 * @param endLine   line of its last character
 */
public record Chunk(int index, String text, int startChar, int endChar, int startLine, int endLine) {
}
