package dev.tributary.index.internal;

import dev.tributary.api.search.SearchRequest;
import dev.tributary.api.search.SearchResult;
import dev.tributary.api.search.SearchResult.Hit;
import dev.tributary.api.search.SearchResult.Source;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;

/** Runs one search on one point-in-time view of the index. */
final class Searcher {

    /** Hits deeper than this are not paged to (totals and facets still count everything). */
    static final int MAX_WINDOW = 10_000;
    /** Sources listed per hit at most. */
    static final int MAX_SOURCES = 50;

    private static final Set<String> HIT_FIELDS = Set.of(DocumentFields.EXTERNAL_ID, DocumentFields.TITLE, DocumentFields.URL,
            DocumentFields.INSTANCE, DocumentFields.SOURCE_TYPE, DocumentFields.CONTAINER, DocumentFields.UPDATED,
            DocumentFields.CONTENT_HASH, DocumentFields.TEXT);
    private static final Set<String> SOURCE_FIELDS = Set.of(DocumentFields.EXTERNAL_ID, DocumentFields.URL, DocumentFields.INSTANCE,
            DocumentFields.SOURCE_TYPE);

    private final Analyzer analyzer;
    private final QueryBuilder queries;

    Searcher(Analyzer analyzer) {
        this.analyzer = analyzer;
        this.queries = new QueryBuilder(analyzer);
    }

    /** No hits, every facet empty. */
    static SearchResult empty() {
        Map<String, List<SearchResult.FacetValue>> facets = new LinkedHashMap<>();
        DocumentFields.FACETS.forEach(f -> facets.put(f, List.of()));
        return new SearchResult(0, List.of(), facets);
    }

    SearchResult search(IndexView view, SearchRequest request) throws IOException {
        if (request.principals().isEmpty()) {
            return empty();
        }
        long end = (long) (request.page() + 1) * request.pageSize();
        int window = end > MAX_WINDOW ? 0 : (int) end;
        Query words = queries.words(request.query());
        Query permitted = view.permitted(request.principals());
        MatchCollector.Matches matches;
        try {
            matches = view.search(queries.full(words, request, permitted), MatchCollector.manager(view, window));
        } catch (IndexSearcher.TooManyClauses e) {
            // a prefix or fuzzy query expanded too far: search what was typed as words
            words = queries.plainWords(request.query());
            matches = view.search(queries.full(words, request, permitted), MatchCollector.manager(view, window));
        }
        List<TopGroups.Group> ranked = matches.ranked();
        List<TopGroups.Group> page = ranked.subList(Math.min(ranked.size(), request.page() * request.pageSize()), ranked.size());
        int[] docs = page.stream().mapToInt(g -> g.doc).toArray();
        StoredFields stored = view.storedFields();
        Document[] fields = new Document[docs.length];
        String[] texts = new String[docs.length];
        for (int i = 0; i < docs.length; i++) {
            fields[i] = stored.document(docs[i], HIT_FIELDS);
            texts[i] = fields[i].get(DocumentFields.TEXT);
        }
        String[] snippets = Snippets.of(view, analyzer, words, docs, texts);
        List<Hit> hits = new ArrayList<>(page.size());
        for (int i = 0; i < docs.length; i++) {
            Document d = fields[i];
            Source self = source(d);
            IndexableField updated = d.getField(DocumentFields.UPDATED);
            hits.add(new Hit(self.instanceId() + "/" + self.externalId(), d.get(DocumentFields.TITLE), self.url(), snippets[i],
                    self.instanceId(), self.sourceType(), d.get(DocumentFields.CONTAINER),
                    updated == null ? null : Instant.ofEpochMilli(updated.numericValue().longValue()), page.get(i).score,
                    sources(view, stored, docs[i], self, d.get(DocumentFields.CONTENT_HASH), permitted)));
        }
        return new SearchResult(matches.total(), hits, matches.facets());
    }

    /**
     * Every document with the same content that the principals may see, whether or not it matched the
     * filters: the hit first, then by instance and id.
     */
    private static List<Source> sources(IndexView view, StoredFields stored, int best, Source self, String contentHash,
            Query permitted) throws IOException {
        Term hash = new Term(DocumentFields.CONTENT_HASH, contentHash);
        if (view.getIndexReader().docFreq(hash) <= 1) {
            return List.of(self); // the usual case: content found once
        }
        Query same = new BooleanQuery.Builder()
                .add(new TermQuery(hash), Occur.FILTER)
                .add(permitted, Occur.FILTER)
                .build();
        List<Source> others = new ArrayList<>();
        for (ScoreDoc sd : view.search(same, MAX_SOURCES).scoreDocs) {
            if (sd.doc != best) {
                others.add(source(stored.document(sd.doc, SOURCE_FIELDS)));
            }
        }
        others.sort(Comparator.comparing(Source::instanceId).thenComparing(Source::externalId));
        others.add(0, self);
        return List.copyOf(others);
    }

    private static Source source(Document d) {
        return new Source(d.get(DocumentFields.INSTANCE), d.get(DocumentFields.SOURCE_TYPE), d.get(DocumentFields.EXTERNAL_ID),
                d.get(DocumentFields.URL));
    }
}
