package dev.tributary.index.internal;

import static dev.tributary.index.internal.Docs.doc;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.search.IndexCheck;
import dev.tributary.api.store.DocumentChange;
import dev.tributary.api.store.StoredDocument;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.lucene.analysis.Analyzer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexVerifierTest {

    @TempDir
    Path dir;

    private final Analyzer analyzer = Analyzers.create();
    private final MemoryStore store = new MemoryStore();

    private IndexCheck check(LuceneIndex index) throws IOException {
        IndexView view = index.acquire();
        try {
            return IndexVerifier.check(view, index.sequence(), store);
        } finally {
            index.release(view);
        }
    }

    /** Adds {@code d} as a new document, as the feed does for one just created (no lookup of the key). */
    private static void add(LuceneIndex index, StoredDocument d) throws IOException {
        index.apply(new DocumentChange(d.sequence(), d.instanceId(), d.document().externalId(), d, true));
    }

    @Test
    void anIndexHoldingWhatTheStoreHoldsIsConsistentAndADocumentForNobodyIsNotExpected() throws IOException {
        StoredDocument a = store.put("wiki", doc("a", "A", "alpha", "everyone").build(), "ha");
        StoredDocument b = store.put("wiki", doc("b", "B", "beta", "user:ann").build(), "hb");
        store.put("wiki", doc("hidden", "H", "nobody may see it").build(), "hh");
        try (LuceneIndex index = LuceneIndex.create(dir, analyzer)) {
            add(index, a);
            add(index, b);
            index.commit(store.lastSequence());

            IndexCheck check = check(index);

            assertThat(check.stored()).isEqualTo(2);
            assertThat(check.indexed()).isEqualTo(2);
            assertThat(check.consistent()).as(check.toString()).isTrue();
        }
    }

    @Test
    void missingUnexpectedDuplicatedAndDifferingDocumentsAreNamed() throws IOException {
        StoredDocument a = store.put("wiki", doc("a", "A", "alpha", "everyone").build(), "ha");
        StoredDocument b = store.put("wiki", doc("b", "B", "beta", "everyone").build(), "hb");
        store.put("wiki", doc("c", "C", "gamma", "everyone").build(), "hc");
        StoredDocument hidden = store.put("wiki", doc("hidden", "H", "for nobody").build(), "hh");
        try (LuceneIndex index = LuceneIndex.create(dir, analyzer)) {
            add(index, a);
            add(index, a); // twice
            add(index, new StoredDocument("wiki", "test", b.document(), "an older hash", b.sequence()));
            add(index, new StoredDocument("wiki", "test", doc("gone", "G", "deleted long ago", "everyone").build(), "hg", 1));
            add(index, new StoredDocument("wiki", "test", doc("hidden", "H", "for nobody", "everyone").build(), "hh", hidden.sequence()));
            index.commit(store.lastSequence());

            IndexCheck check = check(index);

            assertThat(check.stored()).isEqualTo(3);
            assertThat(check.indexed()).isEqualTo(5);
            assertThat(check.missing()).containsExactly("wiki/c");
            assertThat(check.duplicated()).containsExactly("wiki/a");
            assertThat(check.differing()).containsExactly("wiki/b");
            assertThat(check.unexpected()).containsExactlyInAnyOrder("wiki/gone", "wiki/hidden");
            assertThat(check.consistent()).isFalse();
        }
    }

    @Test
    void aStoreThatMovedOnSinceTheViewMakesTheCheckInexactNotWrong() throws IOException {
        StoredDocument a = store.put("wiki", doc("a", "A", "alpha", "everyone").build(), "ha");
        try (LuceneIndex index = LuceneIndex.create(dir, analyzer)) {
            add(index, a);
            index.commit(store.lastSequence());
            store.put("wiki", doc("b", "B", "written after the view", "everyone").build(), "hb");

            IndexCheck check = check(index);

            assertThat(check.missing()).as("a document written after the view is not called missing").isEmpty();
            assertThat(check.storeSequence()).isGreaterThan(check.appliedSequence());
            assertThat(check.consistent()).isFalse();
        }
    }
}
