package dev.tributary.index.internal;

import static dev.tributary.index.internal.Docs.doc;
import static dev.tributary.index.internal.Docs.request;
import static dev.tributary.index.internal.Docs.stored;
import static dev.tributary.index.internal.Docs.upsert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.within;

import dev.tributary.api.connector.Document;
import dev.tributary.api.search.SearchRequest;
import dev.tributary.api.search.SearchResult;
import dev.tributary.api.search.SearchResult.FacetValue;
import dev.tributary.api.search.SearchResult.Hit;
import dev.tributary.api.search.SearchResult.Source;
import dev.tributary.api.store.StoredDocument;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearcherTest {

    @TempDir
    Path dir;

    private final Analyzer analyzer = Analyzers.create();
    private final Searcher searcher = new Searcher(analyzer);
    private LuceneIndex index;

    @BeforeEach
    void open() throws IOException {
        index = LuceneIndex.create(dir, analyzer);
    }

    @AfterEach
    void close() throws IOException {
        index.close();
    }

    private void add(StoredDocument... documents) throws IOException {
        for (StoredDocument d : documents) {
            index.apply(upsert(d));
        }
        index.commit(index.sequence() + documents.length);
    }

    private SearchResult search(SearchRequest request) throws IOException {
        IndexView view = index.acquire();
        try {
            return searcher.search(view, request);
        } finally {
            index.release(view);
        }
    }

    private static List<String> ids(SearchResult result) {
        return result.hits().stream().map(Hit::id).toList();
    }

    @Test
    void aMatchInTheTitleRanksAboveOneInTheText() throws IOException {
        // field lengths equal to their averages: unboosted, both would score the same and the first added would lead
        add(stored("wiki", doc("in-text", "annual plan", "budget beta gamma delta", "everyone").build()),
                stored("wiki", doc("in-title", "budget plan", "alpha beta gamma delta", "everyone").build()));

        SearchResult result = search(request("budget", "everyone"));

        assertThat(ids(result)).containsExactly("wiki/in-title", "wiki/in-text");
        assertThat(result.hits().get(0).score()).isCloseTo(3 * result.hits().get(1).score(), within(0.01f));
    }

    @Test
    void everyWordIsRequiredAndAccentsAreFolded() throws IOException {
        add(stored("wiki", doc("a", "Café opening", "the café opens on monday", "everyone").build()),
                stored("wiki", doc("b", "Cafe menu", "coffee and cake", "everyone").build()));

        assertThat(ids(search(request("cafe monday", "everyone")))).containsExactly("wiki/a");
        assertThat(ids(search(request("CAFÉ", "everyone")))).containsExactlyInAnyOrder("wiki/a", "wiki/b");
    }

    @Test
    void badSyntaxIsSearchedAsPlainWords() throws IOException {
        add(stored("wiki", doc("a", "Report", "the report (final) is due", "everyone").build()));

        for (String query : List.of("report AND (", "\"report", "report)", "title:", "report^", "*report", "report ~ [ }", "&& ||",
                "report AND", "/report", "report OR NOT", "/[/", "/(a|b)*c{1,9999}(d|e)*f{1,9999}/", "report~99", "text:/.{0,5000}/",
                "report " + "word ".repeat(2000), "a b c d e f g h i j k l m n o p q r s t u v w x y z ".repeat(40))) {
            assertThatCode(() -> search(request(query, "everyone"))).as(query).doesNotThrowAnyException();
        }
        assertThat(ids(search(request("report)", "everyone")))).containsExactly("wiki/a");
        assertThat(ids(search(request("(final", "everyone")))).containsExactly("wiki/a");
        assertThat(ids(search(request("\"report", "everyone")))).containsExactly("wiki/a");
        assertThat(ids(search(request("report " + "final ".repeat(500), "everyone")))).containsExactly("wiki/a");
    }

    @Test
    void luceneSyntaxIsAccepted() throws IOException {
        add(stored("wiki", doc("a", "Release plan", "we ship the release in march", "everyone").build()),
                stored("wiki", doc("b", "Release notes", "what changed in march", "everyone").build()));

        assertThat(ids(search(request("\"ship the release\"", "everyone")))).containsExactly("wiki/a");
        assertThat(ids(search(request("release -notes", "everyone")))).containsExactly("wiki/a");
        assertThat(ids(search(request("title:notes OR ship", "everyone")))).containsExactlyInAnyOrder("wiki/a", "wiki/b");
        assertThat(ids(search(request("rel*", "everyone")))).hasSize(2);
    }

    @Test
    void aDocumentIsFoundOnlyByOneOfItsPrincipals() throws IOException {
        add(stored("wiki", doc("open", "Roadmap", "public roadmap", "everyone").build()),
                stored("wiki", doc("team", "Roadmap", "team roadmap", "group:eng", "user:ann").build()),
                stored("wiki", doc("private", "Roadmap", "bob's roadmap", "user:bob").build()));

        assertThat(ids(search(request("roadmap", "everyone")))).containsExactly("wiki/open");
        assertThat(ids(search(request("roadmap", "everyone", "group:eng")))).containsExactlyInAnyOrder("wiki/open", "wiki/team");
        assertThat(ids(search(request("roadmap", "user:ann")))).containsExactly("wiki/team");
        assertThat(ids(search(request("roadmap", "user:bob", "everyone")))).containsExactlyInAnyOrder("wiki/open", "wiki/private");
        // a principal is matched whole, never as words
        assertThat(ids(search(request("roadmap", "group", "eng", "user")))).isEmpty();
    }

    @Test
    void aRequestWithoutPrincipalsFindsNothing() throws IOException {
        add(stored("wiki", doc("open", "Roadmap", "public roadmap", "everyone").build()));

        SearchResult result = search(request("roadmap"));

        assertThat(result.total()).isZero();
        assertThat(result.hits()).isEmpty();
        assertThat(result.facets().values()).allMatch(List::isEmpty);
        assertThat(search(request("")).hits()).isEmpty();
    }

    @Test
    void queryLanguageCannotWidenPermissions() throws IOException {
        add(stored("wiki", doc("private", "Secret", "bob's secret", "user:bob").build()));

        for (String query : List.of("*:*", "principals:user\\:bob", "secret OR principals:*", "instance:wiki")) {
            assertThat(search(request(query, "user:ann", "everyone")).hits()).as(query).isEmpty();
        }
    }

    @Test
    void filtersAreOrWithinASetAndAndAcrossSets() throws IOException {
        add(stored("a", "wiki", doc("1", "Plan", "plan", "everyone").container("ops").author("ann").build(), "h1"),
                stored("b", "wiki", doc("2", "Plan", "plan", "everyone").container("ops").author("bob").build(), "h2"),
                stored("c", "drive", doc("3", "Plan", "plan", "everyone").container("dev").author("ann").build(), "h3"),
                stored("d", "drive", doc("4", "Plan", "plan", "everyone").container("ops").author("ann").build(), "h4"));

        SearchRequest.Filters instances = new SearchRequest.Filters(Set.of("a", "c"), null, null, null, null, null);
        assertThat(ids(search(new SearchRequest("plan", Set.of("everyone"), instances, 0, 10)))).containsExactlyInAnyOrder("a/1", "c/3");

        SearchRequest.Filters across = new SearchRequest.Filters(null, Set.of("drive"), Set.of("ops", "x"), Set.of("ann"), null, null);
        assertThat(ids(search(new SearchRequest("plan", Set.of("everyone"), across, 0, 10)))).containsExactly("d/4");

        SearchRequest.Filters none = new SearchRequest.Filters(Set.of("a"), Set.of("drive"), null, null, null, null);
        assertThat(search(new SearchRequest("plan", Set.of("everyone"), none, 0, 10)).total()).isZero();
    }

    @Test
    void updatedFromIsInclusiveAndUpdatedToExclusive() throws IOException {
        Instant t = Instant.parse("2025-03-01T10:00:00Z");
        add(stored("w", doc("before", "Memo", "memo", "everyone").updated(t.minusMillis(1)).build()),
                stored("w", doc("at", "Memo", "memo", "everyone").updated(t).build()),
                stored("w", doc("later", "Memo", "memo", "everyone").updated(t.plusSeconds(60)).build()),
                stored("w", doc("undated", "Memo", "memo", "everyone").build()));

        SearchRequest.Filters from = new SearchRequest.Filters(null, null, null, null, t, null);
        assertThat(ids(search(new SearchRequest("memo", Set.of("everyone"), from, 0, 10)))).containsExactlyInAnyOrder("w/at", "w/later");

        SearchRequest.Filters to = new SearchRequest.Filters(null, null, null, null, null, t);
        assertThat(ids(search(new SearchRequest("memo", Set.of("everyone"), to, 0, 10)))).containsExactly("w/before");

        SearchRequest.Filters between = new SearchRequest.Filters(null, null, null, null, t, t.plusSeconds(60));
        assertThat(ids(search(new SearchRequest("memo", Set.of("everyone"), between, 0, 10)))).containsExactly("w/at");

        Hit hit = search(new SearchRequest("memo", Set.of("everyone"), between, 0, 10)).hits().get(0);
        assertThat(hit.updated()).isEqualTo(t);
    }

    @Test
    void facetsCountEveryPermittedMatchNotJustThePage() throws IOException {
        List<StoredDocument> docs = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String instance = i % 3 == 0 ? "jira" : "wiki";
            docs.add(stored(instance, i % 3 == 0 ? "jira" : "confluence",
                    doc("d" + i, "Incident " + i, "incident report", "everyone").container(i < 10 ? "ops" : "dev").author("ann").build(),
                    "h" + i));
        }
        docs.add(stored("hidden", "drive", doc("x", "Incident", "incident report", "user:bob").author("bob").build(), "hx"));
        docs.add(stored("wiki", "confluence", doc("other", "Lunch", "menu", "everyone").author("carl").build(), "hy"));
        add(docs.toArray(StoredDocument[]::new));

        SearchResult result = search(new SearchRequest("incident", Set.of("everyone"), null, 0, 5));

        assertThat(result.total()).isEqualTo(30);
        assertThat(result.hits()).hasSize(5);
        assertThat(result.facets().get("instance")).containsExactly(new FacetValue("wiki", 20), new FacetValue("jira", 10));
        assertThat(result.facets().get("sourceType")).containsExactly(new FacetValue("confluence", 20), new FacetValue("jira", 10));
        assertThat(result.facets().get("container")).containsExactly(new FacetValue("dev", 20), new FacetValue("ops", 10));
        assertThat(result.facets().get("author")).containsExactly(new FacetValue("ann", 30));
    }

    @Test
    void facetsAddUpAcrossSegments() throws IOException {
        // one commit per document: several segments, whose ordinals differ
        for (int i = 0; i < 12; i++) {
            add(stored(i % 2 == 0 ? "b" : "a", "wiki", doc("d" + i, "Note", "note", "everyone").author(i < 4 ? "zoe" : "al").build(), "h" + i));
        }
        IndexView view = index.acquire();
        try {
            assertThat(view.getIndexReader().leaves().size()).isGreaterThan(1);
        } finally {
            index.release(view);
        }

        SearchResult result = search(request("note", "everyone"));

        assertThat(result.facets().get("instance")).containsExactly(new FacetValue("a", 6), new FacetValue("b", 6));
        assertThat(result.facets().get("author")).containsExactly(new FacetValue("al", 8), new FacetValue("zoe", 4));
    }

    @Test
    void theSnippetMarksMatchesAndEscapesEverythingElse() throws IOException {
        add(stored("wiki", doc("x", "Prize", "Click <script>alert(\"x\")</script> & win the <b>prize</b> today.", "everyone").build()));

        String snippet = search(request("prize", "everyone")).hits().get(0).snippet();

        assertThat(snippet).contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; win")
                .contains("&lt;b&gt;<mark>prize</mark>&lt;/b&gt;")
                .doesNotContain("<script>").doesNotContain("<b>");
        assertThat(snippet.replace("<mark>", "").replace("</mark>", "")).doesNotContain("<").doesNotContain(">");
    }

    @Test
    void aLongTextGivesAShortSnippetAroundTheMatch() throws IOException {
        String filler = "lorem ipsum dolor sit amet ".repeat(200);
        add(stored("wiki", doc("x", "Long", filler + "the needle is here " + filler, "everyone").build()));

        String snippet = search(request("needle", "everyone")).hits().get(0).snippet();

        assertThat(snippet).contains("<mark>needle</mark>").hasSizeLessThan(400);
    }

    @Test
    void withoutAMatchInTheTextTheSnippetIsItsStart() throws IOException {
        add(stored("wiki", doc("x", "Holiday calendar", "Dates & times for <all> teams. More follows.", "everyone").build()));

        String snippet = search(request("holiday", "everyone")).hits().get(0).snippet();

        assertThat(snippet).startsWith("Dates &amp; times for &lt;all&gt; teams.").doesNotContain("<mark>");
    }

    @Test
    void pagesWalkTheHitsInOrderWithoutRepeats() throws IOException {
        List<StoredDocument> docs = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            // more occurrences, higher score: a known order
            docs.add(stored("wiki", doc("d" + i, "Page", "alpha ".repeat(i + 1) + "filler ".repeat(30), "everyone").build()));
        }
        add(docs.toArray(StoredDocument[]::new));

        List<String> seen = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            SearchResult result = search(new SearchRequest("alpha", Set.of("everyone"), null, page, 10));
            assertThat(result.total()).isEqualTo(25);
            seen.addAll(ids(result));
        }
        assertThat(seen).hasSize(25).doesNotHaveDuplicates();
        assertThat(seen.get(0)).isEqualTo("wiki/d24");
        assertThat(seen.get(24)).isEqualTo("wiki/d0");
        assertThat(search(new SearchRequest("alpha", Set.of("everyone"), null, 3, 10)).hits()).isEmpty();
    }

    @Test
    void theSameContentInSeveralInstancesIsOneHitListingEverySource() throws IOException {
        Document a = doc("A-1", "Handbook", "the employee handbook", "everyone").build();
        Document b = doc("B-7", "Handbook", "the employee handbook", "everyone").build();
        Document c = doc("C-3", "Handbook", "the employee handbook", "group:hr").build();
        add(stored("drive", "gdrive", a, "same"), stored("wiki", "confluence", b, "same"), stored("share", "smb", c, "same"),
                stored("wiki", "confluence", doc("other", "Handbook draft", "a handbook draft", "everyone").build(), "different"));

        SearchResult result = search(request("handbook", "everyone"));

        assertThat(result.total()).isEqualTo(2);
        assertThat(result.hits()).hasSize(2);
        Hit hit = result.hits().stream().filter(h -> h.sources().size() > 1).findFirst().orElseThrow();
        assertThat(hit.sources()).extracting(Source::instanceId).containsExactlyInAnyOrder("drive", "wiki");
        assertThat(hit.sources().get(0).instanceId()).isEqualTo(hit.instanceId());
        assertThat(hit.sources()).extracting(Source::url).contains("https://example.test/A-1", "https://example.test/B-7");
        assertThat(hit.sources()).extracting(Source::externalId).doesNotContain("C-3"); // group:hr is not asking

        SearchResult hr = search(request("handbook", "everyone", "group:hr"));
        assertThat(hr.hits().stream().mapToInt(h -> h.sources().size()).max().orElseThrow()).isEqualTo(3);
        // facets count documents, each source once
        assertThat(result.facets().get("instance")).containsExactly(new FacetValue("wiki", 2), new FacetValue("drive", 1));
    }

    @Test
    void collapsedHitsAreWhatTotalsAndPagesCount() throws IOException {
        List<StoredDocument> docs = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String text = "topic ".repeat(i + 1) + "filler ".repeat(20);
            for (String instance : List.of("x", "y", "z")) {
                docs.add(stored(instance, "wiki", doc("d" + i, "T" + i, text, "everyone").build(), "content-" + i));
            }
        }
        add(docs.toArray(StoredDocument[]::new));

        List<String> titles = new ArrayList<>();
        for (int page = 0; page < 4; page++) {
            SearchResult result = search(new SearchRequest("topic", Set.of("everyone"), null, page, 2));
            assertThat(result.total()).isEqualTo(7);
            result.hits().forEach(h -> assertThat(h.sources()).hasSize(3));
            titles.addAll(result.hits().stream().map(Hit::title).toList());
        }
        assertThat(titles).containsExactly("T6", "T5", "T4", "T3", "T2", "T1", "T0");
    }

    @Test
    void anEmptyQueryListsEverythingPermitted() throws IOException {
        add(stored("wiki", doc("a", "One", "first", "everyone").build()), stored("wiki", doc("b", "Two", "second", "user:bob").build()));

        assertThat(ids(search(request("", "everyone")))).containsExactly("wiki/a");
        assertThat(search(request("  ", "everyone", "user:bob")).total()).isEqualTo(2);
    }

    @Test
    void hitsCarryTheirFields() throws IOException {
        Instant updated = Instant.parse("2025-01-02T03:04:05.678Z");
        add(stored("jira-1", "jira", doc("PRJ-1", "Crash on start", "the app crashes", "everyone").container("PRJ").updated(updated).build(),
                "h"));

        Hit hit = search(request("crash", "everyone")).hits().get(0);

        assertThat(hit.id()).isEqualTo("jira-1/PRJ-1");
        assertThat(hit.title()).isEqualTo("Crash on start");
        assertThat(hit.url()).isEqualTo("https://example.test/PRJ-1");
        assertThat(hit.instanceId()).isEqualTo("jira-1");
        assertThat(hit.sourceType()).isEqualTo("jira");
        assertThat(hit.container()).isEqualTo("PRJ");
        assertThat(hit.updated()).isEqualTo(updated);
        assertThat(hit.score()).isPositive();
        assertThat(hit.sources()).containsExactly(new Source("jira-1", "jira", "PRJ-1", "https://example.test/PRJ-1"));
    }
}
