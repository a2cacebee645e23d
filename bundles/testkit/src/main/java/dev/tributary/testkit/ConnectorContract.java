package dev.tributary.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.connector.Connector;
import dev.tributary.api.http.HttpClients;
import dev.tributary.api.store.Run;
import dev.tributary.api.store.StoredDocument;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The contract every connector honours, run through the real sync engine. A connector's test
 * extends this class and says how to build the connector against a fresh source and how to change
 * that source.
 */
public abstract class ConnectorContract {

    /** A source the test controls, holding {@link #seed() seeded} items. */
    public interface Source {
        /** Fills the source with at least five readable items (and nothing else). */
        void seed() throws Exception;

        /** Changes the content of one seeded item; returns its external id. */
        String modifyOne() throws Exception;

        /** Deletes one seeded item at the source; returns its external id. */
        String deleteOne() throws Exception;

        /**
         * Adds an item whose visibility the connector cannot know (e.g. permissions that cannot be
         * read); returns its external id.
         */
        String addWithUnknownVisibility() throws Exception;
    }

    /** A new source, empty. Called once per test (several times in the crash test). */
    protected abstract Source newSource() throws Exception;

    /** A connector instance reading {@code source}, and its configuration. */
    protected abstract Connector connector(Source source) throws Exception;

    protected abstract Map<String, Object> configuration(Source source);

    /** The HTTP toolkit a connector of a remote source gets through its context, or null when it needs none. */
    protected HttpClients http() {
        return null;
    }

    /** Secrets of the instance (e.g. its API token), put in the harness's vault before each run. */
    protected Map<String, String> secrets(Source source) {
        return Map.of();
    }

    private ConnectorHarness harness(Source source) throws Exception {
        ConnectorHarness h = new ConnectorHarness(connector(source), configuration(source), http());
        secrets(source).forEach((name, value) -> h.vault().put(ConnectorHarness.INSTANCE, name, value.toCharArray()));
        return h;
    }

    @Test
    public void aFirstRunStoresEverySeededItemWithACitation() throws Exception {
        Source source = newSource();
        source.seed();
        ConnectorHarness h = harness(source);
        Run run = h.run();
        assertThat(run.status()).as("run error: %s", run.error()).isEqualTo("succeeded");
        assertThat(h.documents()).hasSizeGreaterThanOrEqualTo(5);
        for (StoredDocument d : h.documents().values()) {
            assertThat(d.document().url()).as("citation of %s", d.document().externalId()).isNotBlank();
            assertThat(URI.create(d.document().url()).isAbsolute()).as("citation of %s is an absolute URI", d.document().externalId()).isTrue();
            assertThat(d.document().principals()).as("principals of %s", d.document().externalId()).isNotEmpty();
        }
    }

    @Test
    public void idsAreStableAcrossRunsAndInstances() throws Exception {
        Source source = newSource();
        source.seed();
        ConnectorHarness first = harness(source);
        first.run();
        first.requestFullSync();
        first.run();
        ConnectorHarness second = harness(source);
        second.run();
        assertThat(second.contentHashes()).isEqualTo(first.contentHashes());
    }

    @Test
    public void anUnchangedSourceCausesNoWrites() throws Exception {
        Source source = newSource();
        source.seed();
        ConnectorHarness h = harness(source);
        h.run();
        int writes = h.store().writes();
        Run again = h.run();
        assertThat(again.status()).isEqualTo("succeeded");
        assertThat(h.store().writes()).as("writes of a run over an unchanged source").isEqualTo(writes);
        assertThat(again.added() + again.updated() + again.deleted()).isZero();
    }

    @Test
    public void aChangedItemIsUpdatedAndADeletedItemDisappears() throws Exception {
        Source source = newSource();
        source.seed();
        ConnectorHarness h = harness(source);
        h.run();
        String changed = source.modifyOne();
        String before = h.documents().get(changed).contentHash();
        String deleted = source.deleteOne();
        Run run = h.run();
        assertThat(run.status()).isEqualTo("succeeded");
        assertThat(h.documents().get(changed).contentHash()).isNotEqualTo(before);
        assertThat(h.documents()).doesNotContainKey(deleted);
    }

    @Test
    public void anItemWithUnknownVisibilityIsNeverVisible() throws Exception {
        Source source = newSource();
        source.seed();
        String hidden = source.addWithUnknownVisibility();
        ConnectorHarness h = harness(source);
        h.run();
        StoredDocument d = h.documents().get(hidden);
        // Not stored, or stored with no principals — which the index never shows to anyone.
        assertThat(d == null || d.document().principals().isEmpty()).as("%s is visible to %s", hidden,
                d == null ? null : d.document().principals()).isTrue();
    }

    @Test
    public void resumingAfterACrashAtAnyCommitEndsInTheSameStore() throws Exception {
        Source source = newSource();
        source.seed();
        ConnectorHarness baseline = harness(source);
        baseline.run();
        int commits = baseline.commits();
        assertThat(commits).isPositive();
        for (int n = 1; n <= commits; n++) {
            ConnectorHarness h = harness(source);
            h.runCrashingAfterCommit(n);
            Run resumed = h.run();
            assertThat(resumed.status()).as("run after a crash at commit %d: %s", n, resumed.error()).isEqualTo("succeeded");
            assertThat(h.contentHashes()).as("store after a crash at commit %d", n).isEqualTo(baseline.contentHashes());
        }
    }
}
