package dev.tributary.bench.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.connector.Document;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CorpusTest {

    private final Corpus corpus = new Corpus(42, 8, 2_000);

    @Test
    void theSameSeedGivesTheSameDocumentsAndSearches() {
        Corpus again = new Corpus(42, 8, 2_000);
        for (int i = 0; i < corpus.size(); i += 97) {
            assertThat(again.document(i)).isEqualTo(corpus.document(i));
        }
        assertThat(again.queries(7, 100)).isEqualTo(corpus.queries(7, 100));
        assertThat(new Corpus(43, 8, 2_000).document(5)).isNotEqualTo(corpus.document(5));
    }

    @Test
    void documentsHaveTheDescribedShape() {
        int everyone = 0;
        for (int i = 0; i < corpus.size(); i++) {
            Document d = corpus.document(i);
            assertThat(d.externalId()).isEqualTo("doc-" + i);
            assertThat(d.title().split(" ")).hasSizeBetween(4, 8);
            assertThat(d.text().split(" ")).hasSizeBetween(40, 119);
            assertThat(d.principals()).isNotEmpty();
            everyone += d.principals().contains(Document.EVERYONE) ? 1 : 0;
        }
        assertThat(everyone / (double) corpus.size()).isBetween(0.27, 0.33);
    }

    @Test
    void aDuplicateHasAllTheContentOfAnOriginalInAnotherSlice() {
        Map<String, Integer> byText = new HashMap<>();
        for (int i = 0; i < corpus.size(); i++) {
            if (!corpus.isDuplicate(i)) {
                byText.put(corpus.document(i).text(), i);
            }
        }
        int duplicates = 0;
        for (int i = 0; i < corpus.size(); i++) {
            if (corpus.isDuplicate(i)) {
                duplicates++;
                Document copy = corpus.document(i);
                Integer source = byText.get(copy.text());
                assertThat(source).as("the source of doc-%d", i).isNotNull();
                assertThat(corpus.sliceOf(source)).isNotEqualTo(corpus.sliceOf(i));
                Document original = corpus.document(source);
                assertThat(copy).usingRecursiveComparison().ignoringFields("externalId").isEqualTo(original);
            }
        }
        assertThat(duplicates / (double) corpus.size()).isBetween(0.02, 0.04);
    }

    @Test
    void typicalSearches() {
        List<Corpus.Query> queries = corpus.queries(7, 2_000);
        long filtered = queries.stream().filter(q -> q.instance() != null || q.sourceType() != null).count();
        assertThat(filtered / 2_000.0).isBetween(0.17, 0.23);
        for (Corpus.Query q : queries) {
            assertThat(q.words().split(" ")).hasSizeBetween(1, 3);
            assertThat(q.principals()).contains(Document.EVERYONE).hasSizeBetween(4, 5); // two of the 3 groups may be one
        }
    }
}
