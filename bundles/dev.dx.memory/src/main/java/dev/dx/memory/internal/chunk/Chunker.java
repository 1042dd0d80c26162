package dev.dx.memory.internal.chunk;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits text into overlapping passages of about {@code size} tokens, ending them at a paragraph, line or sentence
 * break where one is near. A token here is what a BERT-style tokenizer sees before WordPiece: a run of letters or
 * digits, one punctuation mark, or one CJK character; subword models make a few more of them, so 400 tokens are
 * roughly 300 English words.
 */
public final class Chunker {
    private final int size;
    private final int overlap;

    /**
     * @param size    tokens per passage, at least 16
     * @param overlap tokens shared by consecutive passages, less than half of {@code size}
     */
    public Chunker(int size, int overlap) {
        if (size < 16) {
            throw new IllegalArgumentException("chunkTokens must be at least 16, was " + size);
        }
        if (overlap < 0 || overlap * 2 > size) {
            throw new IllegalArgumentException("chunkOverlap must be between 0 and half of chunkTokens (" + size / 2
                    + "), was " + overlap);
        }
        this.size = size;
        this.overlap = overlap;
    }

    /** @return how many tokens {@code text} has, as this chunker counts them */
    public static int countTokens(String text) {
        return new Tokens(text).count;
    }

    /**
     * @param text the document
     * @return its passages in order; none for blank text
     */
    public List<Chunk> split(String text) {
        Tokens t = new Tokens(text);
        List<Chunk> chunks = new ArrayList<>();
        if (t.count == 0) {
            return chunks;
        }
        int[] lineStarts = lineStarts(text);
        int s = 0;
        while (true) {
            int e = Math.min(t.count, s + size);
            if (e < t.count) {
                e = bestEnd(t, s, e);
            }
            int startChar = t.start[s];
            int endChar = t.end[e - 1];
            chunks.add(new Chunk(chunks.size(), text.substring(startChar, endChar), startChar, endChar,
                    line(lineStarts, startChar), line(lineStarts, endChar - 1)));
            if (e >= t.count) {
                return chunks;
            }
            s = nextStart(t, s, e);
        }
    }

    /** The end (exclusive) in the last quarter of the window with the strongest break, the later one on a tie. */
    private int bestEnd(Tokens t, int s, int e) {
        int best = e;
        int bestScore = 0;
        int floor = s + size * 3 / 4;
        for (int k = e - 1; k >= floor && bestScore < 3; k--) {
            int score = t.breakAfter(k);
            if (score > bestScore) {
                bestScore = score;
                best = k + 1;
            }
        }
        return best;
    }

    /** The next start: {@code overlap} tokens back, moved forward to just after a break if one is close. */
    private int nextStart(Tokens t, int s, int e) {
        int ns = Math.max(s + 1, e - overlap);
        int limit = Math.min(e - 1, ns + overlap / 2);
        for (int k = ns; k < limit; k++) {
            if (k > 0 && t.breakAfter(k - 1) >= 1) {
                return k;
            }
        }
        return ns;
    }

    private static int[] lineStarts(String text) {
        int[] starts = new int[16];
        int n = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                if (n == starts.length) {
                    starts = Arrays.copyOf(starts, n * 2);
                }
                starts[n++] = i + 1;
            }
        }
        return Arrays.copyOf(starts, n);
    }

    private static int line(int[] lineStarts, int offset) {
        int i = Arrays.binarySearch(lineStarts, offset);
        return (i >= 0 ? i : -i - 2) + 1;
    }

    /** Token boundaries of a text. */
    private static final class Tokens {
        final String text;
        int[] start = new int[64];
        int[] end = new int[64];
        int count;

        Tokens(String text) {
            this.text = text;
            int i = 0;
            while (i < text.length()) {
                int cp = text.codePointAt(i);
                int len = Character.charCount(cp);
                if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                    i += len;
                    continue;
                }
                int from = i;
                i += len;
                if (Character.isLetterOrDigit(cp) && !isCjk(cp)) {
                    while (i < text.length()) {
                        int c = text.codePointAt(i);
                        if (!Character.isLetterOrDigit(c) || isCjk(c)) {
                            break;
                        }
                        i += Character.charCount(c);
                    }
                }
                add(from, i);
            }
        }

        private void add(int from, int to) {
            if (count == start.length) {
                start = Arrays.copyOf(start, count * 2);
                end = Arrays.copyOf(end, count * 2);
            }
            start[count] = from;
            end[count] = to;
            count++;
        }

        /** 3 after a paragraph, 2 after a line, 1 after a sentence, 0 elsewhere. */
        int breakAfter(int k) {
            int gapEnd = k + 1 < count ? start[k + 1] : text.length();
            int newlines = 0;
            for (int i = end[k]; i < gapEnd; i++) {
                if (text.charAt(i) == '\n') {
                    newlines++;
                }
            }
            if (newlines >= 2) {
                return 3;
            }
            if (newlines == 1) {
                return 2;
            }
            char last = text.charAt(end[k] - 1);
            return last == '.' || last == '!' || last == '?' || last == '。' || last == '！' || last == '？' ? 1 : 0;
        }
    }

    /** Han, Hiragana, Katakana and Hangul count one token per character. */
    static boolean isCjk(int cp) {
        Character.UnicodeScript s = Character.UnicodeScript.of(cp);
        return s == Character.UnicodeScript.HAN || s == Character.UnicodeScript.HIRAGANA
                || s == Character.UnicodeScript.KATAKANA || s == Character.UnicodeScript.HANGUL;
    }
}
