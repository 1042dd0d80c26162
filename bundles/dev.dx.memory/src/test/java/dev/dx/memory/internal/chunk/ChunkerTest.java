package dev.dx.memory.internal.chunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class ChunkerTest {

    private static String words(int n, String prefix) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(prefix).append(i).append(i % 12 == 11 ? ".\n" : " ");
        }
        return sb.toString();
    }

    @Test
    void tokensAreWordsPunctuationAndSingleCjkCharacters() {
        assertEquals(0, Chunker.countTokens("  \n\t "));
        assertEquals(7, Chunker.countTokens("Hello, world! It's"), "Hello , world ! It ' s");
        assertEquals(8, Chunker.countTokens("我在东京吃了寿司"), "one token per ideograph");
        assertEquals(3, Chunker.countTokens("東京 tower"));
    }

    @Test
    void shortTextIsOneChunkWithItsLines() {
        List<Chunk> chunks = new Chunker(400, 80).split("# Notes\n\nThe dentist is on Tuesday.\n");
        assertEquals(1, chunks.size());
        Chunk c = chunks.get(0);
        assertEquals("# Notes\n\nThe dentist is on Tuesday.", c.text());
        assertEquals(1, c.startLine());
        assertEquals(3, c.endLine());
        assertTrue(new Chunker(400, 80).split(" \n ").isEmpty());
    }

    @Test
    void longTextIsSplitIntoOverlappingChunksOfAboutTheSize() {
        String text = words(2000, "w");
        List<Chunk> chunks = new Chunker(400, 80).split(text);
        assertTrue(chunks.size() >= 5 && chunks.size() <= 7, "chunks: " + chunks.size());
        for (int i = 0; i < chunks.size(); i++) {
            Chunk c = chunks.get(i);
            assertEquals(i, c.index());
            assertEquals(text.substring(c.startChar(), c.endChar()), c.text());
            int tokens = Chunker.countTokens(c.text());
            assertTrue(tokens <= 400, "chunk " + i + " has " + tokens + " tokens");
            if (i < chunks.size() - 1) {
                assertTrue(tokens >= 300, "chunk " + i + " has only " + tokens + " tokens");
                Chunk next = chunks.get(i + 1);
                assertTrue(next.startChar() < c.endChar(), "chunks overlap");
                int overlap = Chunker.countTokens(text.substring(next.startChar(), c.endChar()));
                assertTrue(overlap >= 40 && overlap <= 80, "overlap " + overlap);
            }
        }
        assertEquals(text.strip().length(), chunks.get(chunks.size() - 1).endChar(), "the end is covered");
    }

    @Test
    void chunksEndAtLineBreaksWhenOneIsNear() {
        List<Chunk> chunks = new Chunker(100, 20).split(words(1000, "x"));
        for (Chunk c : chunks.subList(0, chunks.size() - 1)) {
            assertTrue(c.text().endsWith("."), "ends at a sentence/line: ..." + c.text().substring(c.text().length() - 10));
        }
        // line numbers follow the text: 12 words per line
        Chunk second = chunks.get(1);
        assertEquals(second.startLine(), 1 + (int) words(1000, "x").substring(0, second.startChar()).chars()
                .filter(ch -> ch == '\n').count());
    }

    @Test
    void cjkTextWithoutSpacesIsChunkedToo() {
        String text = "我在东京吃了寿司。".repeat(100);
        List<Chunk> chunks = new Chunker(100, 20).split(text);
        assertTrue(chunks.size() >= 9, "chunks: " + chunks.size());
        assertTrue(chunks.get(0).text().endsWith("。"));
    }

    @Test
    void invalidSettingsAreRefusedWithTheKey() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Chunker(8, 0)).getMessage()
                .contains("chunkTokens"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Chunker(100, 60)).getMessage()
                .contains("chunkOverlap"));
    }
}
