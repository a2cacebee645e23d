package dev.tributary.index.internal;

import dev.tributary.api.search.SearchResult.FacetValue;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.util.LongValues;

/**
 * One pass over every permitted match: facet counts, the number of distinct contents (the collapsed
 * total) and the best groups for the page. Visiting every match is the price of exact totals and
 * facets; per match it reads a few doc values and one score.
 */
final class MatchCollector implements Collector {

    /** What the search needs from the pass. */
    record Matches(long total, List<TopGroups.Group> ranked, Map<String, List<FacetValue>> facets) {}

    /** Values returned per facet field, most frequent first. */
    static final int FACET_LIMIT = 100;

    private final IndexView view;
    /** Groups of matches whose content other documents may share. */
    private final LongSet shared = new LongSet();
    /** Matches whose content no other document has: each its own group. */
    private long unique;
    private final TopGroups top;
    private final List<LeafCounts> leaves = new ArrayList<>();

    private record LeafCounts(int leaf, int[][] counts) {}

    private MatchCollector(IndexView view, int window) {
        this.view = view;
        this.top = new TopGroups(window);
    }

    /** Collects the best {@code window} groups (0: count only). */
    static CollectorManager<MatchCollector, Matches> manager(IndexView view, int window) {
        return new CollectorManager<>() {
            @Override
            public MatchCollector newCollector() {
                return new MatchCollector(view, window);
            }

            @Override
            public Matches reduce(Collection<MatchCollector> collectors) throws IOException {
                MatchCollector first = null;
                for (MatchCollector c : collectors) {
                    if (first == null) {
                        first = c;
                    } else { // slices of one search, if the searcher ever gets an executor
                        first.shared.addAll(c.shared);
                        first.unique += c.unique;
                        first.top.addAll(c.top);
                        first.leaves.addAll(c.leaves);
                    }
                }
                return first.result(); // IndexSearcher always asks for at least one
            }
        };
    }

    @Override
    public ScoreMode scoreMode() {
        return ScoreMode.COMPLETE;
    }

    @Override
    public LeafCollector getLeafCollector(LeafReaderContext context) throws IOException {
        List<String> fields = DocumentFields.FACETS;
        SortedDocValues[] facets = new SortedDocValues[fields.size()];
        int[][] counts = new int[fields.size()][];
        for (int i = 0; i < facets.length; i++) {
            facets[i] = DocValues.getSorted(context.reader(), fields.get(i));
            counts[i] = new int[facets[i].getValueCount()];
        }
        leaves.add(new LeafCounts(context.ord, counts));
        NumericDocValues sharing = DocValues.getNumeric(context.reader(), DocumentFields.SHARED);
        NumericDocValues group = DocValues.getNumeric(context.reader(), DocumentFields.GROUP);
        int base = context.docBase;
        return new LeafCollector() {
            private Scorable scorer;

            @Override
            public void setScorer(Scorable scorer) {
                this.scorer = scorer;
            }

            @Override
            public void collect(int doc) throws IOException {
                for (int i = 0; i < facets.length; i++) {
                    if (facets[i].advanceExact(doc)) {
                        counts[i][facets[i].ordValue()]++;
                    }
                }
                // content held once (nearly all) is its own group: no need to read and remember the hash
                long key;
                if (sharing.advanceExact(doc) && sharing.longValue() != 0 && group.advanceExact(doc)) {
                    key = group.longValue();
                    shared.add(key);
                } else {
                    key = Long.MIN_VALUE + base + doc;
                    unique++;
                }
                top.offer(scorer.score(), base + doc, key);
            }
        };
    }

    private Matches result() throws IOException {
        Map<String, List<FacetValue>> facets = new LinkedHashMap<>();
        List<String> fields = DocumentFields.FACETS;
        for (int f = 0; f < fields.size(); f++) {
            String field = fields.get(f);
            long[] global = new long[Math.toIntExact(view.valueCount(field))];
            for (LeafCounts leaf : leaves) {
                int[] counts = leaf.counts()[f];
                LongValues toGlobal = view.globalOrdinals(field, leaf.leaf());
                for (int ord = 0; ord < counts.length; ord++) {
                    if (counts[ord] > 0) {
                        global[(int) toGlobal.get(ord)] += counts[ord];
                    }
                }
            }
            facets.put(field, topValues(field, global));
        }
        return new Matches(unique + shared.size(), top.ranked(), facets);
    }

    /** The most frequent values; on equal counts the smaller value (global ordinals are in value order). */
    private List<FacetValue> topValues(String field, long[] counts) throws IOException {
        PriorityQueue<Integer> best = new PriorityQueue<>(FACET_LIMIT + 1,
                (a, b) -> counts[a] != counts[b] ? Long.compare(counts[a], counts[b]) : Integer.compare(b, a));
        for (int ord = 0; ord < counts.length; ord++) {
            if (counts[ord] > 0) {
                best.add(ord);
                if (best.size() > FACET_LIMIT) {
                    best.poll();
                }
            }
        }
        FacetValue[] values = new FacetValue[best.size()];
        for (int i = values.length - 1; i >= 0; i--) {
            int ord = best.poll();
            values[i] = new FacetValue(view.value(field, ord), counts[ord]);
        }
        return List.of(values);
    }
}
