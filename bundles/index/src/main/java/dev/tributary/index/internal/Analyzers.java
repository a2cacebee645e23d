package dev.tributary.index.internal;

import java.util.HashMap;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.core.KeywordAnalyzer;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.standard.StandardTokenizer;

/** The analysis used at index and query time, so that both see the same words. */
final class Analyzers {

    private Analyzers() {}

    /**
     * Title and text: Unicode word breaks, lower case, accents folded ("café" finds "cafe"). No
     * stemming and no stop words: sources mix languages, and BM25 already weighs common words down.
     * Keyword fields (instance, author …) stay whole, so {@code author:"Jane Doe"} in a query works.
     */
    static Analyzer create() {
        Map<String, Analyzer> keywords = new HashMap<>();
        KeywordAnalyzer keyword = new KeywordAnalyzer();
        for (String field : DocumentFields.KEYWORDS) {
            keywords.put(field, keyword);
        }
        return new PerFieldAnalyzerWrapper(new Words(), keywords);
    }

    private static final class Words extends Analyzer {
        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            StandardTokenizer source = new StandardTokenizer();
            return new TokenStreamComponents(source, new ASCIIFoldingFilter(new LowerCaseFilter(source)));
        }

        @Override
        protected TokenStream normalize(String fieldName, TokenStream in) {
            // wildcard and prefix terms are not tokenized, only normalized the same way
            return new ASCIIFoldingFilter(new LowerCaseFilter(in));
        }
    }
}
