package dev.dx.memory.internal.embed.local;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The BERT (uncased) tokenizer as HuggingFace {@code tokenizers} runs it for all-MiniLM-L6-v2: BertNormalizer (clean
 * control characters, space out CJK ideographs, strip accents, lower-case), BertPreTokenizer (split on white space
 * and punctuation), WordPiece (greedy longest match, {@code ##} continuations, {@code [UNK]} for words that cannot be
 * spelled or are longer than 100 characters). Thread-safe.
 */
public final class WordPieceTokenizer {
    private static final int MAX_WORD_CHARS = 100;

    private final Vocabulary vocab;
    private final int cls;
    private final int sep;
    private final int unk;

    /** @param vocab the vocabulary; must contain {@code [CLS]}, {@code [SEP]} and {@code [UNK]} */
    public WordPieceTokenizer(Vocabulary vocab) {
        this.vocab = Objects.requireNonNull(vocab, "vocab must not be null");
        this.cls = vocab.required("[CLS]");
        this.sep = vocab.required("[SEP]");
        this.unk = vocab.required("[UNK]");
    }

    /** @return the id of {@code [CLS]} */
    public int cls() {
        return cls;
    }

    /** @return the id of {@code [SEP]} */
    public int sep() {
        return sep;
    }

    /**
     * Tokenizes without special tokens and without truncation.
     *
     * @param text any text
     * @return the WordPiece ids
     */
    public int[] wordPieceIds(String text) {
        List<String> words = preTokenize(normalize(text));
        int[] out = new int[Math.max(16, words.size() * 2)];
        int n = 0;
        List<Integer> pieces = new ArrayList<>(8);
        for (String w : words) {
            pieces.clear();
            wordPiece(w, pieces);
            for (int id : pieces) {
                if (n == out.length) {
                    out = java.util.Arrays.copyOf(out, n * 2);
                }
                out[n++] = id;
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /**
     * Tokenizes as the model's post-processor does: {@code [CLS] tokens [SEP]}, truncated to {@code maxTokens} ids in
     * total.
     *
     * @param text      any text
     * @param maxTokens the most ids, including the two special ones (at least 2)
     * @return the ids
     */
    public int[] encode(String text, int maxTokens) {
        if (maxTokens < 2) {
            throw new IllegalArgumentException("maxTokens must be at least 2, was " + maxTokens);
        }
        int[] pieces = wordPieceIds(text);
        int n = Math.min(pieces.length, maxTokens - 2);
        int[] ids = new int[n + 2];
        ids[0] = cls;
        System.arraycopy(pieces, 0, ids, 1, n);
        ids[n + 1] = sep;
        return ids;
    }

    /** BertNormalizer: clean text, space out CJK, strip accents, lower-case. */
    static String normalize(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(cp -> {
            if (cp == 0 || cp == 0xFFFD || isControl(cp)) {
                return;
            }
            if (isWhitespace(cp)) {
                sb.append(' ');
            } else if (isCjk(cp)) {
                sb.append(' ').appendCodePoint(cp).append(' ');
            } else {
                sb.appendCodePoint(cp);
            }
        });
        String decomposed = Normalizer.normalize(sb, Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(decomposed.length());
        decomposed.codePoints().forEach(cp -> {
            if (Character.getType(cp) != Character.NON_SPACING_MARK) {
                // per code point, as the reference does (no context-dependent final sigma)
                out.append(new String(Character.toChars(cp)).toLowerCase(Locale.ROOT));
            }
        });
        return out.toString();
    }

    /** BertPreTokenizer: words split on white space, every punctuation character a word of its own. */
    static List<String> preTokenize(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                flush(cur, words);
            } else if (isPunctuation(cp)) {
                flush(cur, words);
                words.add(new String(Character.toChars(cp)));
            } else {
                cur.appendCodePoint(cp);
            }
        }
        flush(cur, words);
        return words;
    }

    private static void flush(StringBuilder cur, List<String> words) {
        if (cur.length() > 0) {
            words.add(cur.toString());
            cur.setLength(0);
        }
    }

    /** WordPiece: greedy longest-match-first; a word that cannot be spelled becomes one {@code [UNK]}. */
    private void wordPiece(String word, List<Integer> out) {
        int len = word.codePointCount(0, word.length());
        if (len > MAX_WORD_CHARS) {
            out.add(unk);
            return;
        }
        int start = 0;
        int before = out.size();
        while (start < word.length()) {
            int end = word.length();
            int found = -1;
            while (start < end) {
                String piece = start == 0 ? word.substring(start, end) : "##" + word.substring(start, end);
                int id = vocab.id(piece);
                if (id >= 0) {
                    found = id;
                    break;
                }
                end = word.offsetByCodePoints(end, -1);
            }
            if (found < 0) {
                while (out.size() > before) {
                    out.remove(out.size() - 1);
                }
                out.add(unk);
                return;
            }
            out.add(found);
            start = end;
        }
    }

    private static boolean isControl(int cp) {
        if (cp == '\t' || cp == '\n' || cp == '\r') {
            return false;
        }
        int t = Character.getType(cp);
        return t == Character.CONTROL || t == Character.FORMAT || t == Character.UNASSIGNED
                || t == Character.PRIVATE_USE || t == Character.SURROGATE;
    }

    private static boolean isWhitespace(int cp) {
        return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || Character.getType(cp) == Character.SPACE_SEPARATOR;
    }

    private static boolean isPunctuation(int cp) {
        if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) {
            return true;
        }
        int t = Character.getType(cp);
        return t == Character.CONNECTOR_PUNCTUATION || t == Character.DASH_PUNCTUATION
                || t == Character.START_PUNCTUATION || t == Character.END_PUNCTUATION
                || t == Character.INITIAL_QUOTE_PUNCTUATION || t == Character.FINAL_QUOTE_PUNCTUATION
                || t == Character.OTHER_PUNCTUATION;
    }

    /** The CJK Unified Ideograph blocks BERT spaces out (not Hiragana, Katakana or Hangul). */
    static boolean isCjk(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2A6DF)
                || (cp >= 0x2A700 && cp <= 0x2B73F) || (cp >= 0x2B740 && cp <= 0x2B81F)
                || (cp >= 0x2B820 && cp <= 0x2CEAF) || (cp >= 0xF900 && cp <= 0xFAFF)
                || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }
}
