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
import org.apache.lucene.analysis.Analyzer;
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
