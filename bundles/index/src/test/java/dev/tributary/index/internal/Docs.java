package dev.tributary.index.internal;

import dev.tributary.api.connector.Document;
import dev.tributary.api.search.SearchRequest;
import dev.tributary.api.store.DocumentChange;
import dev.tributary.api.store.StoredDocument;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/** Test documents and requests. */
final class Docs {

    private static final AtomicLong SEQUENCE = new AtomicLong();

    private Docs() {}

    static Document.Builder doc(String id, String title, String text, String... principals) {
        return Document.builder(id).title(title).text(text).url("https://example.test/" + id).principals(Set.of(principals));
    }

    static StoredDocument stored(String instance, Document document) {
        return stored(instance, "wiki", document, "hash-of-" + instance + "/" + document.externalId());
    }

    static StoredDocument stored(String instance, String sourceType, Document document, String contentHash) {
        return new StoredDocument(instance, sourceType, document, contentHash, SEQUENCE.incrementAndGet());
    }

    static DocumentChange upsert(StoredDocument d) {
        return new DocumentChange(d.sequence(), d.instanceId(), d.document().externalId(), d);
    }

    static SearchRequest request(String query, String... principals) {
        return new SearchRequest(query, Set.of(principals), null, 0, 10);
    }
}
