package dev.tributary.index.internal;

import java.io.IOException;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.uhighlight.LengthGoalBreakIterator;
import org.apache.lucene.search.uhighlight.Passage;
import org.apache.lucene.search.uhighlight.PassageFormatter;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;

/**
 * A passage of each hit's text with the matched words in {@code <mark>}, everything else HTML-escaped:
 * the text comes from the sources, and a snippet is shown as HTML.
 */
final class Snippets {

    /** About a sentence or two. */
    private static final int LENGTH_GOAL = 160;
    /** A passage longer than this (one endless sentence) is cut around its first match. */
    private static final int MAX_LENGTH = 300;
    private static final int CONTEXT_BEFORE = 60;

    private Snippets() {}

    /**
     * One snippet per document, in the order given; the start of the text when nothing in it matched.
     *
     * @param texts the documents' text, already loaded with their other stored fields
     */
    static String[] of(IndexView view, Analyzer analyzer, Query words, int[] docs, String[] texts) throws IOException {
        if (docs.length == 0) {
            return new String[0];
        }
        Map<Integer, String> loaded = new HashMap<>();
        for (int i = 0; i < docs.length; i++) {
            loaded.put(docs[i], texts[i] == null ? "" : texts[i]);
        }
        UnifiedHighlighter.Builder builder = UnifiedHighlighter.builder(view, analyzer)
                .withFormatter(new HtmlFormatter())
                .withBreakIterator(() -> LengthGoalBreakIterator.createClosestToLength(
                        BreakIterator.getSentenceInstance(Locale.ROOT), LENGTH_GOAL, 0.5f))
                .withHandleMultiTermQuery(true)
                .withMaxNoHighlightPassages(1);
        UnifiedHighlighter highlighter = new UnifiedHighlighter(builder) {
            {
                fieldInfos = view.fieldInfos();
            }

            @Override
            protected List<CharSequence[]> loadFieldValues(String[] fields, DocIdSetIterator docIter, int cacheCharsThreshold)
                    throws IOException {
                // only "text" is highlighted, and its value is at hand: no second read of the stored fields
                List<CharSequence[]> values = new ArrayList<>();
                for (int doc = docIter.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docIter.nextDoc()) {
                    values.add(new CharSequence[] {loaded.getOrDefault(doc, "")});
                }
                return values;
            }
        };
        int[] maxPassages = {1};
        Map<String, String[]> found = highlighter.highlightFields(new String[] {DocumentFields.TEXT}, words, docs.clone(), maxPassages);
        String[] snippets = found.get(DocumentFields.TEXT);
        String[] out = new String[docs.length];
        for (int i = 0; i < docs.length; i++) {
            out[i] = snippets == null || snippets[i] == null ? "" : snippets[i];
        }
        return out;
    }

    static final class HtmlFormatter extends PassageFormatter {
        @Override
        public String format(Passage[] passages, String content) {
            StringBuilder out = new StringBuilder();
            for (Passage p : passages) {
                if (out.length() > 0) {
                    out.append(" … ");
                }
                append(out, p, content);
            }
            return out.toString();
        }

        private static void append(StringBuilder out, Passage p, String content) {
            int start = p.getStartOffset();
            int end = p.getEndOffset();
            int[] starts = p.getMatchStarts();
            int[] ends = p.getMatchEnds();
            int matches = p.getNumMatches();
            if (end - start > MAX_LENGTH) {
                int first = matches > 0 ? starts[0] : start;
                start = Math.max(start, first - CONTEXT_BEFORE);
                end = Math.min(end, start + MAX_LENGTH);
            }
            while (start < end && Character.isWhitespace(content.charAt(start)) && (matches == 0 || start < starts[0])) {
                start++;
            }
            while (end > start && Character.isWhitespace(content.charAt(end - 1))) {
                end--;
            }
            if (start > p.getStartOffset()) {
                out.append('…');
            }
            int pos = start;
            for (int i = 0; i < matches && starts[i] < end; i++) {
                int ms = Math.max(starts[i], pos);
                int me = ends[i];
                if (me <= pos) {
                    continue; // inside the previous match
                }
                escape(out, content, pos, ms);
                out.append("<mark>");
                escape(out, content, ms, me);
                out.append("</mark>");
                pos = me;
            }
            escape(out, content, pos, Math.max(pos, end));
            if (Math.max(pos, end) < p.getEndOffset()) {
                out.append('…');
            }
        }

        static void escape(StringBuilder out, String s, int from, int to) {
            for (int i = from; i < to; i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '<' -> out.append("&lt;");
                    case '>' -> out.append("&gt;");
                    case '&' -> out.append("&amp;");
                    case '"' -> out.append("&quot;");
                    case '\'' -> out.append("&#39;");
                    default -> out.append(c);
                }
            }
        }
    }
}
