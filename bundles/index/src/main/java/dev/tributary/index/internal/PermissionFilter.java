package dev.tributary.index.internal;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.ConstantScoreScorer;
import org.apache.lucene.search.ConstantScoreWeight;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.BitSetIterator;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.FixedBitSet;

/**
 * Documents one of a set of principals may see, as one bit set per segment. Every search has this
 * filter, nearly always with a principal most documents carry ({@code everyone}, a large group):
 * walking those postings for each search was most of its time. The documents of such a principal
 * are kept as a bit set per segment, built once and dropped with the segment; the rare principals
 * of a request are added from their postings.
 */
final class PermissionFilter extends Query {

    /** Bit sets kept for principals in at least this share of a segment's documents. */
    private static final int DENSE = 32;
    /** At most this many kept per segment, whatever the principals. */
    private static final int MAX_KEPT = 64;

    /** What one index keeps: per segment core, per dense principal, its documents. */
    static final class Cache {
        private final Map<IndexReader.CacheKey, Map<String, FixedBitSet>> segments = new ConcurrentHashMap<>();

        private Map<String, FixedBitSet> of(LeafReader reader) {
            IndexReader.CacheHelper helper = reader.getCoreCacheHelper();
            if (helper == null) {
                return null;
            }
            return segments.computeIfAbsent(helper.getKey(), key -> {
                helper.addClosedListener(segments::remove);
                return new ConcurrentHashMap<>();
            });
        }

        int segments() {
            return segments.size();
        }
    }

    private final SortedSet<String> principals;
    private final Cache cache;
    /** This request's sets per segment: one search asks again for the sources of each hit. */
    private final Map<Object, FixedBitSet> computed = new ConcurrentHashMap<>();

    PermissionFilter(Set<String> principals, Cache cache) {
        this.principals = new TreeSet<>(principals);
        this.cache = cache;
    }

    @Override
    public Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost) {
        return new ConstantScoreWeight(this, boost) {
            @Override
            public Scorer scorer(LeafReaderContext context) throws IOException {
                FixedBitSet permitted = computed(context.reader());
                return permitted == null ? null
                        : new ConstantScoreScorer(this, score(), scoreMode, new BitSetIterator(permitted, permitted.approximateCardinality()));
            }

            @Override
            public boolean isCacheable(LeafReaderContext context) {
                return false; // it has its own cache; a whole set of principals rarely comes twice
            }
        };
    }

    private FixedBitSet computed(LeafReader reader) throws IOException {
        IndexReader.CacheHelper helper = reader.getCoreCacheHelper();
        if (helper == null) {
            return permitted(reader);
        }
        FixedBitSet bits = computed.get(helper.getKey());
        if (bits == null) {
            bits = permitted(reader);
            if (bits != null) {
                computed.put(helper.getKey(), bits);
            }
        }
        return bits;
    }

    private FixedBitSet permitted(LeafReader reader) throws IOException {
        Terms terms = reader.terms(DocumentFields.PRINCIPALS);
        if (terms == null) {
            return null;
        }
        TermsEnum te = terms.iterator();
        int maxDoc = reader.maxDoc();
        Map<String, FixedBitSet> kept = cache.of(reader);
        FixedBitSet out = null;
        PostingsEnum postings = null;
        for (String principal : principals) {
            if (!te.seekExact(new BytesRef(principal))) {
                continue;
            }
            if (out == null) {
                out = new FixedBitSet(maxDoc);
            }
            FixedBitSet dense = kept == null || te.docFreq() < maxDoc / DENSE ? null : kept.get(principal);
            if (dense == null && kept != null && te.docFreq() >= maxDoc / DENSE && kept.size() < MAX_KEPT) {
                dense = new FixedBitSet(maxDoc);
                dense.or(te.postings(null, PostingsEnum.NONE));
                kept.putIfAbsent(principal, dense);
            }
            if (dense != null) {
                out.or(dense);
            } else {
                postings = te.postings(postings, PostingsEnum.NONE);
                out.or(postings);
            }
        }
        return out;
    }

    @Override
    public void visit(QueryVisitor visitor) {
        if (visitor.acceptField(DocumentFields.PRINCIPALS)) {
            visitor.visitLeaf(this);
        }
    }

    @Override
    public String toString(String field) {
        return "permitted" + principals;
    }

    @Override
    public boolean equals(Object o) {
        return sameClassAs(o) && principals.equals(((PermissionFilter) o).principals);
    }

    @Override
    public int hashCode() {
        return Objects.hash(classHash(), principals);
    }
}
