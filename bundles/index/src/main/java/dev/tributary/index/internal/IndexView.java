package dev.tributary.index.internal;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.OrdinalMap;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.LongValues;
import org.apache.lucene.util.packed.PackedInts;

/**
 * A searcher over one point-in-time reader, with the facet fields' global ordinals built once when
 * the reader is opened (on the indexing thread), so a search counts facets by number and looks up
 * only the values it returns.
 */
final class IndexView extends IndexSearcher {

    private final Map<String, OrdinalMap> ordinals = new HashMap<>();
    private final PermissionFilter.Cache permissions;
    private volatile FieldInfos fieldInfos;

    IndexView(IndexReader reader, PermissionFilter.Cache permissions) throws IOException {
        super(reader);
        this.permissions = permissions;
        List<LeafReaderContext> leaves = reader.leaves();
        if (leaves.size() > 1) {
            for (String field : DocumentFields.FACETS) {
                SortedDocValues[] values = new SortedDocValues[leaves.size()];
                for (LeafReaderContext leaf : leaves) {
                    values[leaf.ord] = DocValues.getSorted(leaf.reader(), field);
                }
                IndexReader.CacheHelper helper = reader.getReaderCacheHelper();
                ordinals.put(field, OrdinalMap.build(helper == null ? null : helper.getKey(), values, PackedInts.DEFAULT));
            }
        }
    }

    static SearcherFactory factory(PermissionFilter.Cache permissions) {
        return new SearcherFactory() {
            @Override
            public IndexSearcher newSearcher(IndexReader reader, IndexReader previous) throws IOException {
                return new IndexView(reader, permissions);
            }
        };
    }

    /** Documents one of the principals may see; none for no principals. */
    Query permitted(Set<String> principals) {
        return principals.isEmpty() ? new MatchNoDocsQuery("no principals") : new PermissionFilter(principals, permissions);
    }

    /** The fields of all segments, merged once (the highlighter asks on every search). */
    FieldInfos fieldInfos() {
        FieldInfos infos = fieldInfos;
        if (infos == null) {
            infos = FieldInfos.getMergedFieldInfos(getIndexReader());
            fieldInfos = infos;
        }
        return infos;
    }

    /** How many distinct values a facet field has in this reader. */
    long valueCount(String field) throws IOException {
        OrdinalMap map = ordinals.get(field);
        if (map != null) {
            return map.getValueCount();
        }
        List<LeafReaderContext> leaves = getIndexReader().leaves();
        return leaves.isEmpty() ? 0 : DocValues.getSorted(leaves.get(0).reader(), field).getValueCount();
    }

    /** Maps a segment's ordinals of a facet field to this reader's. */
    LongValues globalOrdinals(String field, int leaf) {
        OrdinalMap map = ordinals.get(field);
        return map == null ? LongValues.IDENTITY : map.getGlobalOrds(leaf);
    }

    /** The value of a global ordinal of a facet field. */
    String value(String field, long globalOrd) throws IOException {
        OrdinalMap map = ordinals.get(field);
        int leaf = map == null ? 0 : map.getFirstSegmentNumber(globalOrd);
        long ord = map == null ? globalOrd : map.getFirstSegmentOrd(globalOrd);
        BytesRef bytes = DocValues.getSorted(getIndexReader().leaves().get(leaf).reader(), field).lookupOrd((int) ord);
        return bytes.utf8ToString();
    }
}
