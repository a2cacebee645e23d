package dev.tributary.index.internal;

import static dev.tributary.index.internal.Docs.doc;
import static dev.tributary.index.internal.Docs.stored;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.search.SearchRequest;
import dev.tributary.api.search.SearchResult;
import dev.tributary.api.search.SearchResult.Hit;
import dev.tributary.api.search.SearchResult.Source;
import dev.tributary.api.store.DocumentChange;
import dev.tributary.api.store.StoredDocument;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.lucene.analysis.Analyzer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Collapsing counts distinct contents without reading every match's hash: only documents flagged as
 * possibly shared are. These tests check the flag never misses a twin, however the twins arrive.
 */
class CollapsingTest {

    @TempDir
    Path dir;

    private final Analyzer analyzer = Analyzers.create();
    private final Searcher searcher = new Searcher(analyzer);
    private long sequence;

    private void put(LuceneIndex index, String instance, String id, String hash, String... principals) throws IOException {
        StoredDocument d = stored(instance, "wiki", doc(id, "Title", "common words", principals).build(), hash);
        index.apply(new DocumentChange(++sequence, instance, id, d));
    }

    private SearchResult all(LuceneIndex index, int page, int pageSize) throws IOException {
        IndexView view = index.acquire();
        try {
            return searcher.search(view, new SearchRequest("common", Set.of("everyone"), null, page, pageSize));
        } finally {
            index.release(view);
        }
    }

    @Test
    void twinsWrittenInDifferentRoundsCollapse() throws IOException {
        try (LuceneIndex index = LuceneIndex.create(dir, analyzer)) {
            put(index, "a", "1", "same", "everyone");
            put(index, "a", "2", "alone", "everyone");
            index.commit(sequence);
            put(index, "b", "1", "same", "everyone");
            index.commit(sequence);
            put(index, "c", "9", "same", "everyone");
            index.commit(sequence);

            SearchResult result = all(index, 0, 10);

            assertThat(result.total()).isEqualTo(2);
            assertThat(result.hits()).extracting(h -> h.sources().size()).containsExactlyInAnyOrder(3, 1);
        }
    }

    @Test
    void rewritingADocumentWithItsOwnContentDoesNotMakeItATwin() throws IOException {
        try (LuceneIndex index = LuceneIndex.create(dir, analyzer)) {
            put(index, "a", "1", "h", "everyone");
            index.commit(sequence);
            put(index, "a", "1", "h", "everyone");
            index.commit(sequence);
            put(index, "a", "1", "h", "group:x", "everyone");
            put(index, "a", "1", "h", "everyone");
            index.commit(sequence);

            assertThat(all(index, 0, 10).total()).isEqualTo(1);
            IndexView view = index.acquire();
            try {
                assertThat(view.count(org.apache.lucene.document.NumericDocValuesField.newSlowExactQuery(DocumentFields.SHARED, 1)))
                        .isZero();
            } finally {
                index.release(view);
            }
        }
    }

    /** The model: key → (hash, visible to everyone). */
    private record Entry(String instance, String id, String hash, boolean visible) {}

    private static void check(SearchResult result, Map<String, Entry> model, String when) {
        Map<String, TreeSet<String>> byHash = new TreeMap<>();
        model.values().stream().filter(Entry::visible)
                .forEach(e -> byHash.computeIfAbsent(e.hash(), h -> new TreeSet<>()).add(e.instance() + "/" + e.id()));
        assertThat(result.total()).as("total " + when).isEqualTo(byHash.size());
        List<Set<String>> expected = new ArrayList<>(byHash.values());
        List<Set<String>> actual = new ArrayList<>();
        for (Hit hit : result.hits()) {
            actual.add(new TreeSet<>(hit.sources().stream().map(s -> s.instanceId() + "/" + s.externalId()).toList()));
            assertThat(hit.sources().get(0)).extracting(Source::instanceId, Source::externalId)
                    .containsExactly(hit.instanceId(), hit.id().substring(hit.instanceId().length() + 1));
        }
        assertThat(actual).as("hits " + when).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void randomWritesAndRebuildsAlwaysCountEveryContentOnce() throws IOException {
        Random random = new Random(11);
        for (int round = 0; round < 20; round++) {
            Path path = dir.resolve("r" + round);
            Map<String, Entry> model = new HashMap<>();
            try (LuceneIndex index = LuceneIndex.create(path, analyzer)) {
                for (int op = 0; op < 150; op++) {
                    String instance = "i" + random.nextInt(3);
                    String id = "d" + random.nextInt(25);
                    String key = instance + "/" + id;
                    int what = random.nextInt(10);
                    if (what < 6) {
                        Entry e = new Entry(instance, id, "h" + random.nextInt(12), random.nextInt(5) > 0);
                        if (e.visible()) {
                            put(index, instance, id, e.hash(), "everyone");
                        } else {
                            put(index, instance, id, e.hash(), "user:someone-else");
                        }
                        model.put(key, e);
                    } else if (what < 8) {
                        index.apply(new DocumentChange(++sequence, instance, id, null));
                        model.remove(key);
                    } else {
                        index.commit(sequence);
                    }
                }
                index.commit(sequence);
                check(all(index, 0, 100), model, "after tailing, round " + round);
            }
            // the same documents through a rebuild
            try (LuceneIndex rebuilt = LuceneIndex.create(dir.resolve("b" + round), analyzer)) {
                for (Entry e : model.values()) {
                    rebuilt.add(stored(e.instance(), "wiki", doc(e.id(), "Title", "common words",
                            e.visible() ? "everyone" : "user:someone-else").build(), e.hash()));
                }
                rebuilt.flagSharedContent();
                rebuilt.commit(sequence);
                check(all(rebuilt, 0, 100), model, "after a rebuild, round " + round);
            }
        }
    }
}
