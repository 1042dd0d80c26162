package dev.dx.memory.internal.embed.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Token ids must be exactly the ones the model was trained with. The expected ids below were produced by the
 * reference implementation, HuggingFace {@code tokenizers} 0.23.2, loading the very {@code tokenizer.json} this bundle
 * ships ({@code Tokenizer.from_file(...)}, padding and truncation switched off). A few were also checked by hand
 * against the vocabulary: {@code [CLS]} 101, {@code [SEP]} 102, {@code [UNK]} 100, "hello" 7592, "," 1010, "world"
 * 2088, "!" 999; "unaffable" is spelled greedily longest-first as "una" 14477, "##ffa" 20961, "##ble" 3468 because
 * the vocabulary has no "unaf..." prefix longer than "una" and no "##ffable"/"##ffab".
 */
class WordPieceTokenizerTest {
    private static WordPieceTokenizer tokenizer;

    @BeforeAll
    static void load() throws IOException {
        tokenizer = new WordPieceTokenizer(ModelFiles.vocabulary());
    }

    private static void assertIds(String text, int... expected) {
        assertArrayEquals(expected, tokenizer.encode(text, 512), text);
    }

    @Test
    void vocabularyIsTheBertUncasedOne() throws IOException {
        assertEquals(30522, ModelFiles.vocabulary().size());
    }

    @Test
    void plainEnglishAndPunctuation() {
        assertIds("Hello, world!", 101, 7592, 1010, 2088, 999, 102);
        assertIds("The unaffable dentist's appointment is on Tuesday at 3:30pm.",
                101, 1996, 14477, 20961, 3468, 24385, 1005, 1055, 6098, 2003, 2006, 9857, 2012, 1017, 1024, 2382, 9737,
                1012, 102);
        assertIds("e-mail: jane.doe@example.org (urgent!!)",
                101, 1041, 1011, 5653, 1024, 4869, 1012, 18629, 1030, 2742, 1012, 8917, 1006, 13661, 999, 999, 1007, 102);
    }

    @Test
    void accentsAreStrippedAndCaseFolded() {
        assertIds("Café naïve résumé — Ünïcödé façade", 101, 7668, 15743, 13746, 1517, 27260, 8508, 102);
        assertIds("Ελληνικά ΣΟΦΙΑ",
                101, 1159, 29727, 29727, 24824, 16177, 18199, 29726, 14608, 1173, 29730, 29736, 27432, 102);
    }

    @Test
    void longWordsSplitIntoContinuationsAndOverlongWordsAreUnknown() {
        assertIds("supercalifragilisticexpialidocious",
                101, 3565, 9289, 10128, 29181, 24411, 4588, 10288, 19312, 21273, 10085, 6313, 102);
        assertIds("x".repeat(101) + " ok", 101, 100, 7929, 102);
    }

    @Test
    void controlAndSpaceCharactersAreCleaned() {
        assertIds("\tTabs\nand  spaces\u00a0here\u200b.", 101, 21628, 2015, 1998, 7258, 2182, 1012, 102);
    }

    @Test
    void cjkIdeographsAreSingleTokensKanaAndHangulAreWordPieces() {
        assertIds("我在东京吃了寿司。", 101, 1855, 100, 100, 1755, 100, 100, 100, 1791, 1636, 102);
        assertIds("東京タワーは高い", 101, 1879, 1755, 1709, 30262, 30265, 30198, 1981, 1647, 102);
        assertIds("日本語のテキスト、한국어 텍스트",
                101, 1864, 1876, 1950, 1671, 30239, 30227, 30233, 30240, 1635, 1469, 30006, 30021, 29991, 30014, 30020,
                29999, 30008, 1467, 30009, 30020, 29997, 30017, 30003, 30017, 102);
    }

    @Test
    void encodeTruncatesAndKeepsTheSpecialTokens() {
        int[] ids = tokenizer.encode("hello ".repeat(600), 256);
        assertEquals(256, ids.length);
        assertEquals(101, ids[0]);
        assertEquals(7592, ids[254]);
        assertEquals(102, ids[255]);
    }
}
