package dev.tributary.testkit;

import dev.tributary.api.connector.Connector;
import dev.tributary.api.connector.WebhookDelivery;
import dev.tributary.api.http.HttpClients;
import dev.tributary.api.store.Change;
import dev.tributary.api.store.CommitResult;
import dev.tributary.api.store.Run;
import dev.tributary.api.store.StoredDocument;
import dev.tributary.sync.internal.SyncEngine;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one connector instance through the host's real sync engine, on the test's thread, into an
 * in-memory store — optionally "crashing" the host right after the n-th commit.
 */
public class ConnectorHarness {

    /** Thrown by the store to stand for the host dying right after a commit. */
    public static final class SimulatedCrash extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SimulatedCrash(int commit) {
            super("simulated crash after commit " + commit);
        }
    }

    public static final String INSTANCE = "test";

    private final CrashingStore store = new CrashingStore();
    private final MemoryVault vault = new MemoryVault();
    private final SyncEngine engine = new SyncEngine(store, vault, new ManualScheduler(), Duration.ZERO);

    public ConnectorHarness(Connector connector, Map<String, Object> configuration) {
        this(connector, configuration, null);
    }

    /** @param http the HTTP toolkit the connector gets through its context, or null */
    public ConnectorHarness(Connector connector, Map<String, Object> configuration, HttpClients http) {
        if (http != null) {
            engine.bindHttp(http);
        }
        Map<String, Object> props = new HashMap<>(configuration);
        props.put("service.pid", "test.factory~" + INSTANCE);
        props.put("service.factoryPid", "test.factory");
        props.put("schedule", "manual");
        engine.bindConnector(connector, props);
    }

    /** One run to its end; returns its record. */
    public Run run() {
        engine.run(INSTANCE, () -> false);
        return lastRun();
    }

    /** A run during which the host dies right after the n-th commit (1-based). */
    public Run runCrashingAfterCommit(int n) {
        store.crashAfter.set(n);
        try {
            engine.run(INSTANCE, () -> false);
        } finally {
            store.crashAfter.set(-1);
        }
        return lastRun();
    }

    /**
     * A webhook delivery as the host handles one: verified by the connector (with the harness's
     * vault), then processed as a targeted run; returns that run, or throws the connector's refusal.
     */
    public Run deliver(WebhookDelivery delivery) throws Exception {
        if (engine.verifyWebhook(INSTANCE, delivery).isEmpty()) {
            throw new IllegalStateException("the connector takes no webhooks");
        }
        engine.processWebhook(INSTANCE, delivery);
        return lastRun();
    }

    /** Requests the next run to be a full resync. */
    public void requestFullSync() {
        engine.sync(INSTANCE, true);
    }

    public Run lastRun() {
        return store.runs(INSTANCE, 1).get(0);
    }

    /** Commits that reached the store so far. */
    public int commits() {
        return store.commits.get();
    }

    public MemoryDocumentStore store() {
        return store;
    }

    public MemoryVault vault() {
        return vault;
    }

    /** External id → stored document. */
    public Map<String, StoredDocument> documents() {
        Map<String, StoredDocument> m = new TreeMap<>();
        store.documents().values().forEach(d -> m.put(d.document().externalId(), d));
        return m;
    }

    /** External id → content hash: what two stores must agree on to hold "the same documents". */
    public Map<String, String> contentHashes() {
        Map<String, String> m = new TreeMap<>();
        documents().forEach((id, d) -> m.put(id, d.contentHash()));
        return m;
    }

    private static final class CrashingStore extends MemoryDocumentStore {
        final AtomicInteger crashAfter = new AtomicInteger(-1);
        final AtomicInteger commits = new AtomicInteger();

        @Override
        public synchronized CommitResult commit(String instanceId, String sourceType, List<Change> changes, String checkpoint) {
            CommitResult r = super.commit(instanceId, sourceType, changes, checkpoint);
            int n = commits.incrementAndGet();
            if (crashAfter.get() > 0 && crashAfter.decrementAndGet() == 0) {
                throw new SimulatedCrash(n);
            }
            return r;
        }
    }
}
