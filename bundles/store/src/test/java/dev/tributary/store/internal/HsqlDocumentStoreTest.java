package dev.tributary.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.api.connector.Document;
import dev.tributary.api.store.Change;
import dev.tributary.api.store.CommitResult;
import dev.tributary.api.store.DocumentChange;
import dev.tributary.api.store.DocumentStore.RunCounts;
import dev.tributary.api.store.Run;
import dev.tributary.api.vault.Vault;
import dev.tributary.testkit.MemoryVault;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class HsqlDocumentStoreTest extends OpenStore {

    @Test
    void upsertsAreAddedUpdatedSkippedWhenUnchangedAndNeverOverwrittenByAnOlderVersion() {
        CommitResult first = store.commit("docs", "filesystem", List.of(upsert("a", 1, "h1"), upsert("b", 1, "h1")), "cp1");
        assertThat(first).isEqualTo(new CommitResult(2, 0, 0, 0, 0));
        long seqAfterFirst = store.lastSequence();

        CommitResult same = store.commit("docs", "filesystem", List.of(upsert("a", 2, "h1")), "cp2");
        assertThat(same.unchanged()).isEqualTo(1);
        assertThat(same.wrote()).isFalse();
        assertThat(store.lastSequence()).as("an unchanged document is not written").isEqualTo(seqAfterFirst);

        assertThat(store.commit("docs", "filesystem", List.of(upsert("a", 3, "h2")), "cp3").updated()).isEqualTo(1);
        assertThat(store.commit("docs", "filesystem", List.of(upsert("a", 2, "h-old")), "cp4").stale()).isEqualTo(1);
        assertThat(store.get("docs", "a").orElseThrow().contentHash()).isEqualTo("h2");
        assertThat(store.get("docs", "a").orElseThrow().document().title()).isEqualTo("title of a v3");
        assertThat(store.checkpoint("docs")).hasValue("cp4");
    }

    @Test
    void aDocumentRoundTripsWithAllItsFields() {
        Document d = Document.builder("x/1").title("Title").text("body ünïcode").url("file:///x/1").mimeType("text/plain")
                .author("ann").created(Instant.parse("2026-01-01T00:00:00Z")).updated(Instant.parse("2026-02-01T00:00:00Z"))
                .sourceVersion(42).container("/x").metadata("labels", List.of("a", "b")).principals(Set.of("user:ann", "group:eng"))
                .build();
        store.commit("docs", "filesystem", List.of(new Change.Upsert(d, "h")), null);
        var stored = store.get("docs", "x/1").orElseThrow();
        assertThat(stored.document()).isEqualTo(d);
        assertThat(stored.sourceType()).isEqualTo("filesystem");
    }

    @Test
    void aFailingCommitChangesNeitherDocumentsNorTheCheckpoint() {
        store.commit("docs", "filesystem", List.of(upsert("a", 1, "h1")), "cp1");
        String tooLong = "x".repeat(3000); // longer than the external_id column
        assertThatThrownBy(() -> store.commit("docs", "filesystem", List.of(upsert("b", 1, "h"), upsert(tooLong, 1, "h")), "cp2"))
                .hasMessageStartingWith("store:");
        assertThat(store.externalIds("docs")).containsExactly("a");
        assertThat(store.checkpoint("docs")).hasValue("cp1");
    }

    @Test
    void deletesAndPurgeAppearInTheChangeFeedInOrder() {
        store.commit("docs", "filesystem", List.of(upsert("a", 1, "h"), upsert("b", 1, "h"), upsert("c", 1, "h")), "cp");
        long before = store.lastSequence();
        store.commit("docs", "filesystem", List.of(new Change.Delete("b"), new Change.Delete("missing")), "cp2");
        store.commit("docs", "filesystem", List.of(upsert("a", 2, "h2")), "cp3");
        List<DocumentChange> feed = store.changesSince(before, 100);
        assertThat(feed).extracting(DocumentChange::externalId).containsExactly("b", "a");
        assertThat(feed.get(0).deleted()).isTrue();
        assertThat(feed.get(1).document().contentHash()).isEqualTo("h2");
        assertThat(store.changesSince(0, 2)).hasSize(2).extracting(DocumentChange::sequence).isSorted();

        CommitResult purged = store.purge("docs");
        assertThat(purged.deleted()).isEqualTo(2);
        assertThat(store.count("docs")).isZero();
        assertThat(store.checkpoint("docs")).isEmpty();
    }

    @Test
    void theFeedFromMemoryEndsInTheSameStateAsTheFeedFromTheTables() throws Exception {
        store.commit("docs", "filesystem", List.of(upsert("a", 1, "h1"), upsert("b", 1, "h1"), upsert("c", 1, "h1")), "cp1");
        store.commit("docs", "filesystem", List.of(new Change.Delete("b"), upsert("a", 2, "h2")), "cp2");
        List<DocumentChange> fromMemory = store.changesSince(0, 100);
        long last = store.lastSequence();

        reopen();
        List<DocumentChange> fromTables = store.changesSince(0, 100);

        assertThat(store.lastSequence()).isEqualTo(last);
        assertThat(fromMemory).extracting(DocumentChange::sequence).isSorted().last().isEqualTo(last);
        assertThat(applied(fromMemory)).isEqualTo(applied(fromTables)).containsOnlyKeys("a", "c").containsEntry("a", "h2");
        assertThat(store.changesSince(last, 100)).isEmpty();
    }

    /** External id → content hash after applying a feed in order, as the index does. */
    private static Map<String, String> applied(List<DocumentChange> feed) {
        Map<String, String> state = new HashMap<>();
        for (DocumentChange c : feed) {
            if (c.deleted()) {
                state.remove(c.externalId());
            } else {
                state.put(c.externalId(), c.document().contentHash());
            }
        }
        return state;
    }

    @Test
    void deletionsOlderThanTheCutOffArePrunedAndTheFeedSaysFromWhereItIsComplete() throws Exception {
        store.commit("docs", "filesystem", List.of(upsert("a", 1, "h"), upsert("b", 1, "h"), upsert("c", 1, "h")), "cp");
        store.commit("docs", "filesystem", List.of(new Change.Delete("a"), new Change.Delete("b")), "cp2");
        long lastDeletion = store.lastSequence();
        assertThat(store.pruneDeletions(Instant.now().minus(Duration.ofDays(1)))).as("deletions younger than the cut-off stay").isZero();
        assertThat(store.prunedThrough()).isZero();

        assertThat(store.pruneDeletions(Instant.now().plusSeconds(60))).isEqualTo(2);
        store.commit("docs", "filesystem", List.of(new Change.Delete("c")), "cp3");

        assertThat(store.prunedThrough()).isEqualTo(lastDeletion);
        store.close();
        store = new HsqlDocumentStore(HsqlDocumentStore.open(dir, vault, 2));
        assertThat(store.prunedThrough()).as("kept across restarts").isEqualTo(lastDeletion);
        assertThat(store.changesSince(0, 100)).as("only the deletion after the cut-off is left")
                .extracting(DocumentChange::externalId).containsExactly("c");
        assertThat(store.pruneDeletions(Instant.now().minus(Duration.ofDays(1)))).isZero();
        assertThat(store.prunedThrough()).as("never moves back").isEqualTo(lastDeletion);
    }

    @Test
    void idsArePickedByPrefixWithLikesWildcardsTakenLiterally() {
        store.commit("gh", "github", List.of(upsert("acme/plans/", 1, "h"), upsert("acme/plans/issues/1", 1, "h"),
                upsert("acme/plans-old/", 1, "h"), upsert("acme/p%ans/", 1, "h"), upsert("acme/p_ans/", 1, "h"), upsert("acme\\x/", 1, "h")), "cp");
        store.commit("other", "github", List.of(upsert("acme/plans/issues/9", 1, "h")), "cp");

        assertThat(store.externalIds("gh", "acme/plans/")).containsExactlyInAnyOrder("acme/plans/", "acme/plans/issues/1");
        assertThat(store.externalIds("gh", "acme/p%")).containsExactly("acme/p%ans/");
        assertThat(store.externalIds("gh", "acme/p_")).containsExactly("acme/p_ans/");
        assertThat(store.externalIds("gh", "acme\\")).containsExactly("acme\\x/");
        assertThat(store.externalIds("gh", "")).hasSize(6);
    }

    @Test
    void anInstancesDocumentsArePagedInExternalIdOrderEachPageAfterTheLastIdOfThePrevious() {
        store.commit("docs", "filesystem", List.of(upsert("c", 1, "hc"), upsert("a", 1, "ha"), upsert("b", 1, "hb"), upsert("d", 1, "hd")), null);
        store.commit("other", "filesystem", List.of(upsert("a0", 1, "h")), null);

        assertThat(store.documents("docs", "", 3)).extracting(d -> d.document().externalId() + "=" + d.contentHash())
                .containsExactly("a=ha", "b=hb", "c=hc");
        assertThat(store.documents("docs", "c", 3)).extracting(d -> d.document().externalId()).containsExactly("d");
        assertThat(store.documents("docs", "d", 3)).isEmpty();
        assertThat(store.documents("docs", "a0", 1)).as("after an id that is not stored").extracting(d -> d.document().externalId())
                .containsExactly("b");
    }

    @Test
    void aCheckpointOfAMegabyteRoundTrips() {
        String big = "{\"repos\":\"" + "x".repeat(1_000_000) + "\"}";
        store.commit("docs", "github", List.of(), big);
        assertThat(store.checkpoint("docs")).hasValue(big);
    }

    @Test
    void countsFollowCommitsAndPurges() {
        store.commit("docs", "filesystem", List.of(upsert("a", 1, "h"), upsert("b", 1, "h")), null);
        assertThat(store.count("docs")).isEqualTo(2);
        store.commit("docs", "filesystem", List.of(upsert("c", 1, "h"), new Change.Delete("a"), upsert("b", 2, "h2")), null);
        assertThat(store.count("docs")).isEqualTo(2);
        assertThat(store.count("other")).isZero();
        store.purge("docs");
        assertThat(store.count("docs")).isZero();
    }

    @Test
    void awaitChangeReturnsOnTheNextCommitOrAfterTheTimeout() throws Exception {
        long before = store.lastSequence();
        assertThat(store.awaitChange(before, Duration.ofMillis(50))).isEqualTo(before);

        CompletableFuture<Long> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return store.awaitChange(before, Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        store.commit("docs", "filesystem", List.of(upsert("a", 1, "h")), null);
        assertThat(waiting.get(10, TimeUnit.SECONDS)).isGreaterThan(before).isEqualTo(store.lastSequence());
    }

    @Test
    void runsAreRecordedAndOnesLeftRunningAreMarkedInterruptedOnReopen() throws Exception {
        long done = store.startRun("docs", "full");
        assertThat(done).as("run ids start at 1 (0 means 'no run' to clients)").isPositive();
        store.finishRun(done, "succeeded", new RunCounts(3, 2, 1, 0, 0, 0), null);
        store.startRun("docs", "incremental"); // the host "crashes" here
        reopen();
        List<Run> runs = store.runs("docs", 10);
        assertThat(runs).extracting(Run::status).containsExactly("interrupted", "succeeded");
        assertThat(runs.get(1).added()).isEqualTo(2);
        assertThat(runs.get(0).error()).contains("resumes from the last checkpoint");
    }

    @Test
    void theFilesHoldNoPlainTextAndTheKeyLivesInTheVault() throws Exception {
        String marker = "PLAINTEXT-MARKER-" + System.nanoTime();
        List<Change> changes = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            changes.add(new Change.Upsert(Document.builder("doc" + i).title(marker).text(marker + " body " + i).url("file:///" + marker)
                    .principals(Set.of("everyone")).build(), "h" + i));
        }
        store.commit("docs", "filesystem", changes, marker);
        store.audit("admin", "test", marker, marker);
        store.close();
        store = null;
        assertThat(vault.names(Vault.HOST)).contains(HsqlDocumentStore.KEY_NAME);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as(f.toString()).doesNotContain(marker);
            }
        }
    }

    @Test
    void aWrongKeyOrAMissingKeyRefusesToOpenWithAClearMessage() throws Exception {
        store.commit("docs", "filesystem", List.of(upsert("a", 1, "h")), "cp");
        store.close();
        store = null;
        MemoryVault wrong = new MemoryVault();
        wrong.put(Vault.HOST, HsqlDocumentStore.KEY_NAME, "00112233445566778899aabbccddeeff".toCharArray());
        assertThatThrownBy(() -> HsqlDocumentStore.open(dir, wrong, 2)).hasMessageContaining("cannot open the store in " + dir)
                .hasMessageContaining("restore them");
        assertThatThrownBy(() -> HsqlDocumentStore.open(dir, new MemoryVault(), 2)).hasMessageContaining("holds no key for it");
        // and the right key still opens it, with the data intact
        store = new HsqlDocumentStore(HsqlDocumentStore.open(dir, vault, 2));
        assertThat(store.checkpoint("docs")).hasValue("cp");
    }

    @Test
    void migrationsSplitStatementsAndAreAppliedOnce() throws Exception {
        assertThat(Migrations.statements("-- c\nCREATE TABLE a (x INT);\nINSERT INTO a VALUES (1);\n")).containsExactly(
                "CREATE TABLE a (x INT)", "INSERT INTO a VALUES (1)");
        assertThat(Migrations.scripts()).first().asString().startsWith("V1__");
        store.close();
        store = new HsqlDocumentStore(HsqlDocumentStore.open(dir, vault, 2)); // second open: nothing to migrate, no error
        assertThat(store.count("nothing")).isZero();
        store.close();
        forgetMigration(2);
        store = new HsqlDocumentStore(HsqlDocumentStore.open(dir, vault, 2));
        assertThat(store.prunedThrough()).as("a migration interrupted before it was recorded runs again, without failing").isZero();
    }

    /** As if the process died after running migration {@code version} but before recording it. */
    private void forgetMigration(int version) throws Exception {
        try (Database db = HsqlDocumentStore.open(dir, vault, 1); Connection c = db.dataSource().getConnection();
             Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM schema_version WHERE version = " + version);
        }
    }

    private static Change upsert(String id, long version, String hash) {
        return new Change.Upsert(Document.builder(id).title("title of " + id + " v" + version).text("text").url("file:///" + id)
                .sourceVersion(version).principals(Set.of("everyone")).metadata("k", List.of("v")).build(), hash);
    }

}
