package dev.tributary.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.connector.Document;
import dev.tributary.api.connector.WebhookDelivery;
import dev.tributary.api.connector.WebhookReceiver.Accepted;
import dev.tributary.api.store.Change;
import dev.tributary.api.store.WebhookInbox;
import dev.tributary.api.store.WebhookInbox.Entry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The webhook inbox in the real store: stored, ordered, retried, dead-lettered, replayed, purged, durable. */
class WebhookInboxTest extends OpenStore {

    static WebhookDelivery delivery(String body, Instant received) {
        return new WebhookDelivery(Map.of("X-Event", List.of("issues"), "Content-Type", List.of("application/json")),
                body.getBytes(StandardCharsets.UTF_8), received);
    }

    @Test
    void aDeliveryRoundTripsAndARedeliveryWithTheSameIdIsADuplicateWhateverItsStatus() throws Exception {
        Instant received = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        WebhookInbox.Added first = store.add("gh", new Accepted("d-1", "issues.opened"), delivery("{\"n\":1}", received));
        assertThat(first.duplicate()).isFalse();
        assertThat(first.id()).isPositive();

        WebhookDelivery stored = store.delivery(first.id()).orElseThrow();
        assertThat(new String(stored.body(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":1}");
        assertThat(stored.header("x-event")).hasValue("issues");
        assertThat(stored.headers()).containsKeys("x-event", "content-type");
        assertThat(stored.received()).isEqualTo(received);
        Entry entry = store.entry(first.id()).orElseThrow();
        assertThat(entry).extracting(Entry::instanceId, Entry::deliveryId, Entry::event, Entry::status, Entry::attempts)
                .containsExactly("gh", "d-1", "issues.opened", WebhookInbox.PENDING, 0);
        assertThat(entry.nextAttempt()).as("due at once").isEqualTo(received);

        assertThat(store.add("gh", new Accepted("d-1", "issues.opened"), delivery("{\"n\":2}", received)))
                .isEqualTo(new WebhookInbox.Added(first.id(), true));
        assertThat(store.add("other", new Accepted("d-1", "x"), delivery("{}", received)).duplicate())
                .as("delivery ids are unique per instance only").isFalse();

        store.done(first.id());
        assertThat(store.entry(first.id())).hasValueSatisfying(e -> assertThat(e.status()).isEqualTo(WebhookInbox.DONE));
        assertThat(store.delivery(first.id())).as("headers and body are dropped once done").isEmpty();
        assertThat(store.add("gh", new Accepted("d-1", "issues.opened"), delivery("{}", received)).duplicate())
                .as("a redelivery of a processed delivery is still recognised").isTrue();
    }

    @Test
    void processedDeliveriesArePrunedOnceOlderThanTheCutOffOthersStay() {
        Instant old = Instant.now().minus(java.time.Duration.ofDays(40));
        long done = store.add("gh", new Accepted("old-done", "issues"), delivery("{}", old)).id();
        long pending = store.add("gh", new Accepted("old-pending", "issues"), delivery("{}", old)).id();
        long recent = store.add("gh", new Accepted("recent-done", "issues"), delivery("{}", Instant.now())).id();
        store.done(done);
        store.done(recent);

        assertThat(store.pruneDoneDeliveries(Instant.now().minus(java.time.Duration.ofDays(30)))).isEqualTo(1);

        assertThat(store.entry(done)).isEmpty();
        assertThat(store.entry(pending)).as("not processed yet: kept").isPresent();
        assertThat(store.entry(recent)).as("a redelivery may still come").isPresent();
    }

    @Test
    void theBacklogCountsPendingAndDeadDeliveriesPerInstanceAndLeavesProcessedOnesOut() {
        Instant now = Instant.now();
        long first = store.add("gh", new Accepted("g-1", "issues"), delivery("{}", now)).id();
        long second = store.add("gh", new Accepted("g-2", "issues"), delivery("{}", now)).id();
        store.add("gh", new Accepted("g-3", "issues"), delivery("{}", now));
        store.add("gh", new Accepted("g-4", "issues"), delivery("{}", now));
        long retried = store.add("jira", new Accepted("j-1", "issue"), delivery("{}", now)).id();
        long processed = store.add("slack", new Accepted("s-1", "message"), delivery("{}", now)).id();
        store.done(first);
        store.failed(second, "HTTP 500 from the source", null);
        store.failed(retried, "timeout", now.plusSeconds(60));
        store.done(processed);

        assertThat(store.backlog()).containsExactly(new WebhookInbox.Backlog("gh", 2, 1), new WebhookInbox.Backlog("jira", 1, 0));
    }

    @Test
    void headsAreTheOldestPendingDeliveryOfEachInstance() {
        Instant now = Instant.now();
        long a1 = store.add("a", new Accepted("1", "e"), delivery("a1", now)).id();
        long b1 = store.add("b", new Accepted("1", "e"), delivery("b1", now)).id();
        long a2 = store.add("a", new Accepted("2", "e"), delivery("a2", now)).id();
        assertThat(store.heads(10)).extracting(Entry::id).containsExactly(a1, b1);

        store.failed(a1, "IOException: timeout", now.plusSeconds(60));
        assertThat(store.heads(10)).as("a retry waits at the head: later deliveries of its instance wait behind it")
                .extracting(Entry::id, Entry::attempts).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(a1, 1), org.assertj.core.groups.Tuple.tuple(b1, 0));
        assertThat(store.entry(a1).orElseThrow().nextAttempt()).isEqualTo(now.plusSeconds(60).truncatedTo(ChronoUnit.MICROS));

        store.done(b1);
        store.failed(a1, "IOException: timeout again", null);
        Entry dead = store.entry(a1).orElseThrow();
        assertThat(dead.status()).isEqualTo(WebhookInbox.DEAD);
        assertThat(dead.attempts()).isEqualTo(2);
        assertThat(dead.lastError()).isEqualTo("IOException: timeout again");
        assertThat(store.heads(10)).extracting(Entry::id).containsExactly(a2);
        assertThat(store.dead(null, 10)).extracting(Entry::id).containsExactly(a1);
        assertThat(store.dead("b", 10)).isEmpty();
        assertThat(store.dead(null, 1, 10)).as("the second page of one").isEmpty();
        assertThat(store.dead("a", 0, 1)).extracting(Entry::id).containsExactly(a1);
    }

    @Test
    void replayPutsADeadLetterBackWithItsAttemptsResetAndIsAudited() throws Exception {
        long id = store.add("gh", new Accepted("d-9", "push"), delivery("{}", Instant.now())).id();
        assertThat(store.replay(id, "admin")).as("only a dead letter can be replayed").isFalse();
        store.failed(id, "boom", null);

        assertThat(store.replay(id, "admin")).isTrue();
        Entry replayed = store.entry(id).orElseThrow();
        assertThat(replayed.status()).isEqualTo(WebhookInbox.PENDING);
        assertThat(replayed.attempts()).isZero();
        assertThat(store.heads(10)).extracting(Entry::id).containsExactly(id);
        assertThat(store.delivery(id)).as("its body is still there to process").isPresent();
        assertThat(store.replay(id, "admin")).isFalse();
        assertThat(store.replay(12345, "admin")).isFalse();

        store.close();
        store = null;
        try (Database db = HsqlDocumentStore.open(dir, vault, 1); Connection c = db.dataSource().getConnection();
             Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT actor, action, target, detail FROM audit")) {
            List<String> lines = new ArrayList<>();
            while (r.next()) {
                lines.add(r.getString(1) + " " + r.getString(2) + " " + r.getString(3) + " " + r.getString(4));
            }
            assertThat(lines).singleElement().asString().startsWith("admin webhook.replayed gh delivery d-9").contains("last error: boom");
        }
    }

    @Test
    void pendingDeliveriesSurviveARestartAndPurgingTheInstanceRemovesThem() throws Exception {
        long id = store.add("gh", new Accepted("d-1", "push"), delivery("payload", Instant.now())).id();
        store.add("keep", new Accepted("d-1", "push"), delivery("payload", Instant.now()));
        store.commit("gh", "github", List.of(new Change.Upsert(Document.builder("x").title("x").text("x").url("https://x")
                .principals(Set.of("everyone")).build(), "h")), "cp");
        reopen();
        assertThat(store.heads(10)).extracting(Entry::id, Entry::instanceId).contains(org.assertj.core.groups.Tuple.tuple(id, "gh"));
        assertThat(store.delivery(id)).isPresent();

        store.purge("gh");
        assertThat(store.entry(id)).isEmpty();
        assertThat(store.heads(10)).extracting(Entry::instanceId).containsExactly("keep");
    }

    @Test
    void bodiesAreEncryptedOnDisk() throws Exception {
        String marker = "WEBHOOK-BODY-MARKER-" + System.nanoTime();
        for (int i = 0; i < 50; i++) {
            store.add("gh", new Accepted("d-" + i, "push"), delivery("{\"secret\":\"" + marker + "\"}", Instant.now()));
        }
        store.close();
        store = null;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as(f.toString()).doesNotContain(marker);
            }
        }
    }

    @Test
    void theInboxMigrationRunsAgainAfterAnInterruptionWithoutLosingDeliveries() throws Exception {
        long id = store.add("gh", new Accepted("d-1", "push"), delivery("payload", Instant.now())).id();
        store.close();
        store = null;
        try (Database db = HsqlDocumentStore.open(dir, vault, 1); Connection c = db.dataSource().getConnection();
             Statement s = c.createStatement()) {
            // as if the process died after running V3 but before recording it
            s.executeUpdate("DELETE FROM schema_version WHERE version = 3");
        }
        store = new HsqlDocumentStore(HsqlDocumentStore.open(dir, vault, 2));
        assertThat(store.entry(id)).hasValueSatisfying(e -> assertThat(e.status()).isEqualTo(WebhookInbox.PENDING));
        assertThat(Migrations.scripts()).contains("V3__webhook_inbox.sql");
    }
}
