package dev.tributary.webhooks.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tributary.api.connector.Document;
import dev.tributary.api.connector.SyncMode;
import dev.tributary.api.connector.WebhookReceiver.Accepted;
import dev.tributary.api.store.Change;
import dev.tributary.api.store.Run;
import dev.tributary.api.store.WebhookInbox;
import dev.tributary.api.store.WebhookInbox.Entry;
import dev.tributary.testkit.LogCapture;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The worker with the real sync engine: processing as a targeted sync, retries, dead letters, replay, order, restarts. */
class WebhookWorkerTest {

    static final Duration WAIT = Duration.ofSeconds(10);
    final SignedSource host = new SignedSource();
    final List<WebhookWorker> workers = new ArrayList<>();

    @AfterEach
    void stopWorkers() {
        workers.forEach(WebhookWorker::stop);
    }

    /** A worker retrying after exactly the backoff's cap (jitter drawn as 1.0), rechecking the inbox often. */
    private WebhookWorker worker(int attempts, Duration firstDelay, Duration maxDelay) {
        WebhookWorker w = new WebhookWorker(host.engine, host.inbox,
                new WebhookWorker.Settings(attempts, new Backoff(firstDelay, maxDelay, () -> 1.0), 2, Duration.ofMillis(50)));
        workers.add(w);
        return w;
    }

    private WebhookWorker worker() {
        return worker(5, Duration.ofMillis(10), Duration.ofMillis(100));
    }

    private long deliver(String instance, String id, String body) {
        return host.inbox.add(instance, new Accepted(id, "item.changed"), SignedSource.delivery(id, body)).id();
    }

    private Entry entry(long id) {
        return host.inbox.entry(id).orElseThrow();
    }

    @Test
    void aDeliveryIsProcessedLikeATargetedSyncThatNeverMovesTheCheckpointNorPrunes() {
        host.receiver("gh");
        host.store.commit("gh", "signed", List.of(new Change.Upsert(Document.builder("old").title("old").text("old").url("fake://old")
                .principals(Set.of("everyone")).build(), "h-old")), "cursor-7");
        List<SyncMode> modes = Collections.synchronizedList(new ArrayList<>());
        host.behaviour = (delivery, ctx) -> {
            modes.add(ctx.mode());
            SignedSource.emit(delivery, ctx);
            ctx.listingComplete(); // listed nothing: a sync would prune "old"
            ctx.commit("cursor-from-webhook");
        };
        long id = deliver("gh", "d-1", "issue-1:edited text");
        worker();

        await().atMost(WAIT).until(() -> entry(id).status().equals(WebhookInbox.DONE));
        assertThat(host.store.get("gh", "issue-1")).hasValueSatisfying(d -> assertThat(d.document().text()).isEqualTo("edited text"));
        assertThat(host.store.get("gh", "old")).as("nothing pruned").isPresent();
        assertThat(host.store.checkpoint("gh")).as("the checkpoint is the sync's alone").hasValue("cursor-7");
        assertThat(modes).containsExactly(SyncMode.INCREMENTAL);
        Run run = host.runs("gh").get(0);
        assertThat(run).extracting(Run::mode, Run::status, Run::added).containsExactly("webhook", "succeeded", 1L);
        assertThat(host.inbox.delivery(id)).as("its body is dropped once done").isEmpty();
    }

    @Test
    void aFailingDeliveryIsRetriedWithGrowingDelaysThenBecomesADeadLetterWithItsReason() {
        host.receiver("gh");
        List<Long> attemptsAt = Collections.synchronizedList(new ArrayList<>());
        host.behaviour = (delivery, ctx) -> {
            attemptsAt.add(System.nanoTime());
            throw new IOException("source answered 502");
        };
        long id = deliver("gh", "d-1", "issue-1:x");
        try (LogCapture log = new LogCapture()) {
            worker(4, Duration.ofMillis(40), Duration.ofMillis(100));

            await().atMost(WAIT).until(() -> entry(id).status().equals(WebhookInbox.DEAD));
            assertThat(log.lines("WARN")).hasSize(3).allSatisfy(l -> assertThat(l).contains("d-1").contains("source answered 502"));
            assertThat(log.lines("ERROR")).singleElement().asString().contains("dead letter after 4 attempt(s)")
                    .contains("webhooks replay " + id);
        }
        Entry dead = entry(id);
        assertThat(dead.attempts()).isEqualTo(4);
        assertThat(dead.lastError()).isEqualTo("IOException: source answered 502");
        assertThat(attemptsAt).hasSize(4);
        // caps 40, 80, 100 (the longest) ms; the jitter drawn here is the whole cap
        long[] expected = {40, 80, 100};
        for (int i = 0; i < 3; i++) {
            assertThat(TimeUnit.NANOSECONDS.toMillis(attemptsAt.get(i + 1) - attemptsAt.get(i))).as("wait before retry %d", i + 1)
                    .isGreaterThanOrEqualTo(expected[i]);
        }
        assertThat(host.runs("gh")).hasSize(4).allSatisfy(r -> {
            assertThat(r.mode()).isEqualTo("webhook");
            assertThat(r.status()).isEqualTo("failed");
        });
        assertThat(host.inbox.dead("gh", 10)).extracting(Entry::id).containsExactly(id);
    }

    @Test
    void aReplayedDeadLetterIsProcessedAgainFromItsFirstAttempt() {
        host.receiver("gh");
        AtomicInteger failures = new AtomicInteger();
        host.behaviour = (delivery, ctx) -> {
            if (failures.get() >= 0) {
                failures.incrementAndGet();
                throw new IllegalStateException("mapping broken");
            }
            SignedSource.emit(delivery, ctx);
        };
        long id = deliver("gh", "d-1", "issue-1:x");
        worker(2, Duration.ofMillis(5), Duration.ofMillis(5));
        await().atMost(WAIT).until(() -> entry(id).status().equals(WebhookInbox.DEAD));
        assertThat(failures).hasValue(2);

        failures.set(-1); // the cause is fixed
        assertThat(host.inbox.replay(id, "admin")).isTrue();

        await().atMost(WAIT).until(() -> entry(id).status().equals(WebhookInbox.DONE));
        assertThat(host.store.get("gh", "issue-1")).isPresent();
        assertThat(host.inbox.auditTrail()).containsExactly("admin webhook.replayed gh d-1");
    }

    @Test
    void deliveriesOfOneInstanceRunOneAtATimeInArrivalOrderWhileOtherInstancesGoOn() throws Exception {
        host.receiver("a");
        host.receiver("b");
        CountDownLatch firstOfA = new CountDownLatch(1);
        CountDownLatch releaseA = new CountDownLatch(1);
        Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
        AtomicInteger overlaps = new AtomicInteger();
        host.behaviour = (delivery, ctx) -> {
            AtomicInteger n = running.computeIfAbsent(ctx.instanceId(), k -> new AtomicInteger());
            if (n.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            try {
                if (delivery.header("X-Delivery").orElseThrow().equals("a-1")) {
                    firstOfA.countDown();
                    releaseA.await(10, TimeUnit.SECONDS);
                }
                SignedSource.emit(delivery, ctx);
            } finally {
                n.decrementAndGet();
            }
        };
        deliver("a", "a-1", "a1:x");
        deliver("a", "a-2", "a2:x");
        deliver("b", "b-1", "b1:x");
        deliver("a", "a-3", "a3:x");
        deliver("b", "b-2", "b2:x");
        worker();

        assertThat(firstOfA.await(10, TimeUnit.SECONDS)).isTrue();
        await().atMost(WAIT).until(() -> host.attempted.containsAll(List.of("b/b1:x", "b/b2:x")));
        assertThat(host.attempted).as("a's later deliveries wait for its first").doesNotContain("a/a2:x", "a/a3:x");

        releaseA.countDown();
        await().atMost(WAIT).until(() -> host.inbox.heads(10).isEmpty());
        assertThat(host.attempted.stream().filter(s -> s.startsWith("a/")).toList()).containsExactly("a/a1:x", "a/a2:x", "a/a3:x");
        assertThat(host.attempted.stream().filter(s -> s.startsWith("b/")).toList()).containsExactly("b/b1:x", "b/b2:x");
        assertThat(overlaps).as("never two deliveries of one instance at once").hasValue(0);
    }

    @Test
    void whatWasAcknowledgedIsProcessedAfterARestartEvenWhenTheConnectorComesBackLater() throws Exception {
        host.receiver("gh");
        CountDownLatch processing = new CountDownLatch(1);
        host.behaviour = (delivery, ctx) -> {
            processing.countDown();
            new CountDownLatch(1).await(); // until the host stops (interrupts)
        };
        long first = deliver("gh", "d-1", "issue-1:x");
        WebhookWorker before = worker();
        assertThat(processing.await(10, TimeUnit.SECONDS)).isTrue();
        before.stop();
        workers.remove(before);
        assertThat(entry(first)).as("interrupted by the stop: still pending, no attempt used")
                .extracting(Entry::status, Entry::attempts).containsExactly(WebhookInbox.PENDING, 0);

        // the next start: connector bundles start after the platform, so the instance is not there yet
        SignedSource restarted = new SignedSource();
        long second = restarted.inbox.add("gh", new Accepted("d-2", "e"), SignedSource.delivery("d-2", "issue-2:y")).id();
        restarted.inbox.add("gh", new Accepted("d-1", "e"), SignedSource.delivery("d-1", "issue-1:x"));
        WebhookWorker after = new WebhookWorker(restarted.engine, restarted.inbox,
                new WebhookWorker.Settings(2, new Backoff(Duration.ofMillis(5), Duration.ofMillis(5), () -> 1.0), 2, Duration.ofMillis(20)));
        workers.add(after);
        long round = after.rounds();
        await().atMost(WAIT).until(() -> after.rounds() >= round + 3);
        assertThat(restarted.inbox.entry(second).orElseThrow()).as("waits for its instance without using up attempts")
                .extracting(Entry::status, Entry::attempts).containsExactly(WebhookInbox.PENDING, 0);

        restarted.receiver("gh");
        await().atMost(WAIT).until(() -> restarted.inbox.heads(10).isEmpty());
        assertThat(restarted.attempted).containsExactly("gh/issue-2:y", "gh/issue-1:x");
        assertThat(restarted.store.get("gh", "issue-1")).isPresent();
        assertThat(restarted.store.get("gh", "issue-2")).isPresent();
    }

    @Test
    void deliveriesOfAnInstanceThatNeedsAuthorizationWaitWithoutBusyRoundsUntilItIsAuthorized() {
        host.receiver("gh");
        host.engine.needsAuthorization("gh", "Instance gh needs re-authorization: run 'bin/tributary authorize gh'.");
        long id = deliver("gh", "d-1", "issue-1:x");
        WebhookWorker w = worker();

        long round = w.rounds();
        await().atMost(WAIT).until(() -> w.rounds() >= round + 3);
        assertThat(w.rounds() - round).as("it looks again at each recheck (50 ms), not in a loop").isLessThan(60);
        assertThat(entry(id)).extracting(Entry::status, Entry::attempts).containsExactly(WebhookInbox.PENDING, 0);
        assertThat(host.attempted).isEmpty();

        host.engine.authorized("gh");
        await().atMost(WAIT).until(() -> entry(id).status().equals(WebhookInbox.DONE));
        assertThat(host.attempted).containsExactly("gh/issue-1:x");
    }
}
