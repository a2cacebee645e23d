package dev.tributary.index.internal;

import dev.tributary.api.search.IndexCheck;
import dev.tributary.api.store.DocumentStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.util.Bits;

/**
 * Compares one point-in-time view of the index with the store: every live Lucene document against
 * every stored one, by key, counting copies and comparing content hashes.
 */
final class IndexVerifier {

    private static final Set<String> FIELDS = Set.of(DocumentFields.INSTANCE, DocumentFields.EXTERNAL_ID, DocumentFields.CONTENT_HASH);

    private IndexVerifier() {}

    /** @param applied the store sequence {@code view} has applied (all of it, maybe more) */
    static IndexCheck check(IndexView view, long applied, DocumentStore store) throws IOException {
        Map<String, String> indexed = new HashMap<>();
        List<String> duplicated = new ArrayList<>();
        long copies = 0;
        for (LeafReaderContext leaf : view.getIndexReader().leaves()) {
            Bits live = leaf.reader().getLiveDocs();
            StoredFields fields = leaf.reader().storedFields();
            for (int d = 0; d < leaf.reader().maxDoc(); d++) {
                if (live != null && !live.get(d)) {
                    continue;
                }
                Document doc = fields.document(d, FIELDS);
                String key = doc.get(DocumentFields.INSTANCE) + "/" + doc.get(DocumentFields.EXTERNAL_ID);
                copies++;
                if (indexed.put(key, doc.get(DocumentFields.CONTENT_HASH)) != null) {
                    list(duplicated, key);
                }
            }
        }
        List<String> missing = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        List<String> differing = new ArrayList<>();
        long[] stored = {0};
        store.forEach(s -> {
            String key = s.instanceId() + "/" + s.document().externalId();
            String hash = indexed.remove(key);
            if (s.sequence() > applied) {
                return; // written after the view: the check is not exact, and says so by its sequences
            }
            if (s.document().principals().isEmpty()) {
                if (hash != null) {
                    list(unexpected, key); // nobody may see it: it must not be searchable
                }
                return;
            }
            stored[0]++;
            if (hash == null) {
                list(missing, key);
            } else if (!hash.equals(s.contentHash() == null ? "" : s.contentHash())) {
                list(differing, key);
            }
        });
        indexed.keySet().stream().sorted().forEach(key -> list(unexpected, key));
        return new IndexCheck(applied, store.lastSequence(), stored[0], copies, missing, unexpected, duplicated, differing);
    }

    private static void list(List<String> keys, String key) {
        if (keys.size() < IndexCheck.LISTED) {
            keys.add(key);
        }
    }
}
