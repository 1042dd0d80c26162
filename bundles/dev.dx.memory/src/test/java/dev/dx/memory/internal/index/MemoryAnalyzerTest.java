package dev.dx.memory.internal.index;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.junit.jupiter.api.Test;

class MemoryAnalyzerTest {

    private static List<String> terms(String text) throws IOException {
        List<String> out = new ArrayList<>();
        try (Analyzer a = new MemoryAnalyzer(); TokenStream ts = a.tokenStream("text", text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(term.toString());
            }
            ts.end();
        }
        return out;
    }

    @Test
    void englishIsLowerCasedStemmedAndStopWordsGo() throws IOException {
        assertEquals(List.of("dentist", "appoint", "tuesdai"), terms("The dentist's Appointments are on Tuesday"));
        assertEquals(List.of("cafe", "naiv"), terms("Café naïve"));
    }

    @Test
    void chineseAndJapaneseBecomeOverlappingBigrams() throws IOException {
        assertEquals(List.of("東京", "京に", "に住", "住ん", "んで", "でい", "いる"), terms("東京に住んでいる"));
        assertEquals(List.of("寿司", "sushi"), terms("寿司 sushi"));
        assertEquals(List.of("ｔｅｓｔ".isEmpty() ? "" : "test"), terms("ｔｅｓｔ"), "full-width Latin is folded");
    }
}
