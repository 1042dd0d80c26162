package dev.dx.memory.internal.index;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.WordlistLoader;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.util.IOUtils;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.cjk.CJKBigramFilter;
import org.apache.lucene.analysis.cjk.CJKWidthFilter;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;

/**
 * Full-text analysis for memory: Unicode word breaking (StandardTokenizer), full/half-width folding and overlapping
 * bigrams for Chinese, Japanese and Korean (as Lucene's CJKAnalyzer does, so text without spaces is searchable),
 * lower case, accent folding, English possessives, stop words and Porter stemming for English. Stemming and stop
 * words leave other scripts alone. The stop words are Snowball's English list, which (unlike Lucene's short default)
 * drops the pronouns and question words that fill natural-language queries ("what did I say about ...").
 */
public final class MemoryAnalyzer extends Analyzer {
    private static final CharArraySet STOP_WORDS = loadStopWords();

    private static CharArraySet loadStopWords() {
        try (Reader r = IOUtils.getDecodingReader(SnowballFilter.class, "english_stop.txt", StandardCharsets.UTF_8)) {
            return CharArraySet.unmodifiableSet(WordlistLoader.getSnowballWordSet(r));
        } catch (IOException e) {
            throw new UncheckedIOException("Lucene's English stop word list is missing", e);
        }
    }

    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
        StandardTokenizer source = new StandardTokenizer();
        source.setMaxTokenLength(64);
        TokenStream ts = new CJKWidthFilter(source);
        ts = new LowerCaseFilter(ts);
        ts = new CJKBigramFilter(ts);
        ts = new ASCIIFoldingFilter(ts);
        ts = new EnglishPossessiveFilter(ts);
        ts = new StopFilter(ts, STOP_WORDS);
        ts = new PorterStemFilter(ts);
        return new TokenStreamComponents(source, ts);
    }

    @Override
    protected TokenStream normalize(String fieldName, TokenStream in) {
        return new ASCIIFoldingFilter(new LowerCaseFilter(new CJKWidthFilter(in)));
    }
}
