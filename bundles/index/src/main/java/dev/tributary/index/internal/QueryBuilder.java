package dev.tributary.index.internal;

import dev.tributary.api.search.SearchRequest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.queryparser.classic.MultiFieldQueryParser;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.util.BytesRef;

/** Turns a search request into Lucene queries: the user's words, then the filters around them. */
final class QueryBuilder {

    /** A match in the title counts three times one in the text. */
    private static final Map<String, Float> BOOSTS = Map.of(DocumentFields.TITLE, 3f, DocumentFields.TEXT, 1f);
    /** Longer queries are cut: nobody types more, and it bounds the clauses a query can expand to. */
    private static final int MAX_QUERY_CHARS = 1000;
    /** Two clauses per word (title, text) stay well under Lucene's 1024. */
    private static final int MAX_PLAIN_WORDS = 64;

    private final Analyzer analyzer;

    QueryBuilder(Analyzer analyzer) {
        this.analyzer = analyzer;
    }

    /**
     * The user's query in Lucene syntax over title and text, every word required. Bad syntax is not
     * the user's problem: the same input is then searched as plain words.
     */
    Query words(String query) {
        String q = query.strip();
        if (q.length() > MAX_QUERY_CHARS) {
            int cut = q.lastIndexOf(' ', MAX_QUERY_CHARS);
            q = q.substring(0, cut > 0 ? cut : MAX_QUERY_CHARS); // not in the middle of a word
        }
        if (q.isEmpty() || q.equals("*") || q.equals("*:*")) {
            return new MatchAllDocsQuery();
        }
        try {
            return parser().parse(q);
        } catch (ParseException | RuntimeException e) {
            // also what the parser does not wrap: a regular expression too complex, too many clauses …
            return plainWords(q);
        }
    }

    /**
     * The input as plain words, at most {@value #MAX_PLAIN_WORDS}: operators lower-cased (so no
     * longer operators), everything else escaped.
     */
    Query plainWords(String query) {
        String[] words = query.strip().toLowerCase(Locale.ROOT).split("\\s+", MAX_PLAIN_WORDS + 1);
        String plain = String.join(" ", Arrays.asList(words).subList(0, Math.min(words.length, MAX_PLAIN_WORDS)));
        try {
            return parser().parse(QueryParser.escape(plain));
        } catch (ParseException | RuntimeException e) {
            return new MatchNoDocsQuery("unparseable query");
        }
    }

    private QueryParser parser() {
        MultiFieldQueryParser parser = new MultiFieldQueryParser(
                new String[] {DocumentFields.TITLE, DocumentFields.TEXT}, analyzer, BOOSTS);
        parser.setDefaultOperator(QueryParser.Operator.AND);
        return parser;
    }

    /** The words, narrowed by the request's filters and always by what its principals may see ({@code permitted}). */
    Query full(Query words, SearchRequest request, Query permitted) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        b.add(words, Occur.MUST);
        b.add(permitted, Occur.FILTER);
        SearchRequest.Filters f = request.filters();
        anyOf(b, DocumentFields.INSTANCE, f.instances());
        anyOf(b, DocumentFields.SOURCE_TYPE, f.sourceTypes());
        anyOf(b, DocumentFields.CONTAINER, f.containers());
        anyOf(b, DocumentFields.AUTHOR, f.authors());
        if (f.updatedFrom() != null || f.updatedTo() != null) {
            // indexed in millis: from is inclusive, to exclusive
            long from = f.updatedFrom() == null ? Long.MIN_VALUE : ceilMillis(f.updatedFrom());
            long to = f.updatedTo() == null ? Long.MAX_VALUE : ceilMillis(f.updatedTo()) - 1;
            b.add(LongPoint.newRangeQuery(DocumentFields.UPDATED, from, to), Occur.FILTER);
        }
        return b.build();
    }

    private static void anyOf(BooleanQuery.Builder b, String field, Collection<String> values) {
        if (!values.isEmpty()) {
            b.add(terms(field, values), Occur.FILTER);
        }
    }

    private static Query terms(String field, Collection<String> values) {
        List<BytesRef> terms = values.stream().map(BytesRef::new).toList();
        return new TermInSetQuery(field, terms);
    }

    private static long ceilMillis(Instant t) {
        try {
            long millis = t.toEpochMilli();
            return t.getNano() % 1_000_000 == 0 ? millis : millis + 1;
        } catch (ArithmeticException e) { // beyond ±292 million years: no bound
            return t.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}
