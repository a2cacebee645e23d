package dev.tributary.index.internal;

import static dev.tributary.index.internal.Docs.doc;
import static dev.tributary.index.internal.Docs.stored;
import static dev.tributary.index.internal.Docs.upsert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.api.store.DocumentChange;
import dev.tributary.api.store.StoredDocument;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LuceneIndexTest {

    @TempDir
    Path dir;

    private final Analyzer analyzer = Analyzers.create();

    private static long count(LuceneIndex index, String field, String value) throws IOException {
        IndexView view = index.acquire();
        try {
            return view.count(new TermQuery(new Term(field, value)));
        } finally {
            index.release(view);
        }
    }

    @Test
    void anUpsertReplacesTheDocumentWithTheSameKey() throws IOException {
        try (LuceneIndex index = LuceneIndex.create(dir, analyzer)) {
            index.apply(upsert(stored("wiki", doc("a", "Old title", "old", "everyone").build())));
            index.apply(upsert(stored("wiki", doc("a", "New title", "new", "everyone").build())));
            index.apply(upsert(stored("other", doc("a", "Same id, other instance", "new", "everyone").build())));
            index.commit(3);

            assertThat(index.documents()).isEqualTo(2);
            assertThat(count(index, DocumentFields.TEXT, "old")).isZero();
            assertThat(count(index, DocumentFields.TEXT, "new")).isEqualTo(2);
        }
    }

    @Test
    void aBatchAppliedOnSeveralThreadsEndsLikeOneAppliedInOrder() throws Exception {
        List<DocumentChange> batch = new ArrayList<>();
        for (int i = 0; i < 300; i++) { // created documents, every tenth with the content of another (twins)
            String text = i % 10 == 0 ? "shared words" : "text " + i;
            batch.add(created(stored("wiki", "test", doc("d" + i, "T" + i, text, "everyone").build(), i % 10 == 0 ? "same" : "h" + i)));
        }
        batch.add(new DocumentChange(0, "wiki", "d1", null)); // deleted …
        batch.add(created(stored("wiki", "test", doc("d1", "Back", "back again", "everyone").build(), "back"))); // … and created anew
        batch.add(upsert(stored("wiki", "test", doc("d2", "T2", "changed", "everyone").build(), "h2b"))); // two versions in one batch
        batch.add(new DocumentChange(0, "wiki", "d3", null));

        ExecutorService helpers = Executors.newFixedThreadPool(2);
        try (LuceneIndex sequential = LuceneIndex.create(dir.resolve("one"), analyzer);
             LuceneIndex parallel = LuceneIndex.create(dir.resolve("three"), analyzer)) {
            sequential.applyAll(batch, null, 1);
            parallel.applyAll(batch, helpers, 3);
            sequential.commit(1);
            parallel.commit(1);

            for (LuceneIndex index : List.of(sequential, parallel)) {
                assertThat(index.documents()).isEqualTo(299);
                assertThat(count(index, DocumentFields.TEXT, "back")).isEqualTo(1);
                assertThat(count(index, DocumentFields.TEXT, "changed")).isEqualTo(1);
                assertThat(count(index, DocumentFields.TEXT, "shared")).isEqualTo(30);
                IndexView view = index.acquire();
                try {
                    assertThat(view.count(NumericDocValuesField.newSlowExactQuery(DocumentFields.SHARED, 1)))
                            .as("every twin is flagged as shared").isEqualTo(30);
                } finally {
                    index.release(view);
                }
            }
        } finally {
            helpers.shutdown();
        }
    }

    private static DocumentChange created(StoredDocument d) {
        return new DocumentChange(0, d.instanceId(), d.document().externalId(), d, true);
    }

    @Test
    void aTombstoneDeletesTheDocument() throws IOException {
        try (LuceneIndex index = LuceneIndex.create(dir, analyzer)) {
            index.apply(upsert(stored("wiki", doc("a", "A", "a", "everyone").build())));
            index.apply(upsert(stored("wiki", doc("b", "B", "b", "everyone").build())));
            index.apply(new DocumentChange(3, "wiki", "a", null));
            index.commit(3);

            assertThat(index.documents()).isEqualTo(1);
            assertThat(count(index, DocumentFields.INSTANCE, "wiki")).isEqualTo(1);
        }
    }

    @Test
    void aDocumentWithoutPrincipalsIsNotIndexedAndItsOldVersionIsRemoved() throws IOException {
        try (LuceneIndex index = LuceneIndex.create(dir, analyzer)) {
            index.apply(upsert(stored("wiki", doc("a", "Visible", "text", "group:eng").build())));
            index.commit(1);
            assertThat(index.documents()).isEqualTo(1);

            index.apply(upsert(stored("wiki", doc("a", "Visibility unknown", "text").build())));
            index.commit(2);
            assertThat(index.documents()).isZero();

            StoredDocument unknown = stored("wiki", doc("b", "Never visible", "text").build());
            assertThat(index.add(unknown)).isFalse();
            index.commit(3);
            assertThat(index.documents()).isZero();
        }
    }

    @Test
    void aCommitRecordsTheAppliedSequenceForTheNextOpen() throws IOException {
        try (LuceneIndex index = LuceneIndex.create(dir, analyzer)) {
            index.apply(upsert(stored("wiki", doc("a", "A", "a", "everyone").build())));
            index.commit(41);
            index.apply(upsert(stored("wiki", doc("b", "B", "b", "everyone").build())));
            // closed without a commit: b is applied again from the feed after 41
        }
        try (LuceneIndex index = LuceneIndex.open(dir, analyzer)) {
            assertThat(index.sequence()).isEqualTo(41);
            assertThat(index.documents()).isEqualTo(1);
        }
    }

    @Test
    void anIndexWithoutOurCommitDataIsRefused() throws IOException {
        try (IndexWriter foreign = new IndexWriter(FSDirectory.open(dir), new IndexWriterConfig())) {
            foreign.commit();
        }
        assertThatThrownBy(() -> LuceneIndex.open(dir, analyzer)).isInstanceOf(IOException.class).hasMessageContaining("field layout");
    }

    @Test
    void anOverlongKeyOrValueIsIndexedAnyway() throws IOException {
        String longId = "x".repeat(40_000);
        try (LuceneIndex index = LuceneIndex.create(dir, analyzer)) {
            index.apply(upsert(stored("wiki", doc(longId, "Long", "long", "everyone").author("a".repeat(40_000)).build())));
            index.commit(1);
            assertThat(index.documents()).isEqualTo(1);
            index.apply(new DocumentChange(2, "wiki", longId, null));
            index.commit(2);
            assertThat(index.documents()).isZero();
        }
    }
}
