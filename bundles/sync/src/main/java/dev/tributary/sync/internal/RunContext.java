package dev.tributary.sync.internal;

import dev.tributary.api.connector.Document;
import dev.tributary.api.connector.SyncContext;
import dev.tributary.api.connector.SyncMode;
import dev.tributary.api.http.Credentials;
import dev.tributary.api.http.HttpClients;
import dev.tributary.api.http.SourceClient;
import dev.tributary.api.store.Change;
import dev.tributary.api.store.CommitResult;
import dev.tributary.api.store.DocumentStore;
import dev.tributary.api.vault.Vault;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The context of one run: buffers what the connector reports and hands it to the store with the
 * latest checkpoint in one transaction (a webhook run's without it: see {@link #forWebhook}).
 * Commits that come quicker than {@code writeEvery} are grouped into one transaction (each one is a
 * disk sync in the store), and a full buffer is written early — both safe, because upserts are
 * idempotent and a checkpoint is only ever written with everything emitted before it.
 */
final class RunContext implements SyncContext {

    private final Supplier<HttpClients> http;
    static final int FLUSH_AT = 1000;

    private final String instanceId;
    private final String sourceType;
    private final Map<String, Object> configuration;
    private final SyncMode mode;
    private final Instant startedAt;
    private final Optional<String> checkpoint;
    private final DocumentStore store;
    private final Vault vault;
    private final BooleanSupplier cancelled;
    /** A webhook run: commits store documents but never the checkpoint, and nothing is pruned. */
    private boolean webhook;
    private final Logger log;
    private final long writeEveryNanos;
    private final List<Change> buffer = new ArrayList<>();
    /** The connector's latest checkpoint not written yet, or null. */
    private String pendingCheckpoint;
    private long lastWrite = System.nanoTime();
    private final Set<String> listed = new HashSet<>();
    private boolean listingComplete;
    private CommitResult result = CommitResult.NONE;
    // written by the run's thread only; volatile so the console's progress reads them fresh
    private volatile long seen;
    private long failed;
    private volatile long done;
    private volatile long total = -1;

    RunContext(String instanceId, String sourceType, Map<String, Object> configuration, SyncMode mode, Optional<String> checkpoint,
            DocumentStore store, Vault vault, Supplier<HttpClients> http, BooleanSupplier cancelled, Duration writeEvery) {
        this.http = http;
        this.instanceId = instanceId;
        this.sourceType = sourceType;
        this.configuration = Map.copyOf(configuration);
        this.mode = mode;
        this.startedAt = Instant.now();
        this.checkpoint = checkpoint;
        this.store = store;
        this.vault = vault;
        this.cancelled = cancelled;
        this.writeEveryNanos = writeEvery.toNanos();
        // the instance's logger, not one per run: the logging backend keeps every logger it was asked for until it stops (one
        // per run grew the heap by ~0.5 KB a run); the run's lines name it through the logging context (SyncEngine.RUN_MDC)
        this.log = LoggerFactory.getLogger("dev.tributary.sync." + instanceId);
    }

    /** Makes this the context of a webhook run: the connector's checkpoints are ignored and the listing prunes nothing. */
    RunContext forWebhook() {
        webhook = true;
        return this;
    }

    @Override
    public String instanceId() {
        return instanceId;
    }

    @Override
    public Map<String, Object> configuration() {
        return configuration;
    }

    @Override
    public SyncMode mode() {
        return mode;
    }

    @Override
    public Instant startedAt() {
        return startedAt;
    }

    @Override
    public Optional<String> checkpoint() {
        return checkpoint;
    }

    @Override
    public void emit(Document document) {
        seen++;
        buffer.add(new Change.Upsert(document, ContentHash.of(document)));
        flushIfFull();
    }

    @Override
    public void delete(String externalId) {
        buffer.add(new Change.Delete(externalId));
        flushIfFull();
    }

    @Override
    public void failed(String externalId, String reason) {
        failed++;
        log.warn("Skipped {}: {}", externalId, reason);
    }

    @Override
    public void commit(String newCheckpoint) {
        if (newCheckpoint != null && !webhook) {
            pendingCheckpoint = newCheckpoint;
        }
        if (System.nanoTime() - lastWrite >= writeEveryNanos) {
            write();
        }
    }

    /** One transaction: the buffer and the latest checkpoint (which never runs ahead of the buffer). */
    private void write() {
        result = result.plus(store.commit(instanceId, sourceType, List.copyOf(buffer), pendingCheckpoint));
        buffer.clear();
        pendingCheckpoint = null;
        lastWrite = System.nanoTime();
    }

    @Override
    public void listed(String externalId) {
        listed.add(externalId);
    }

    @Override
    public void listingComplete() {
        listingComplete = true;
    }

    @Override
    public Set<String> stored(String prefix) {
        return store.externalIds(instanceId, prefix);
    }

    @Override
    public SourceClient http(Credentials credentials) {
        HttpClients toolkit = http.get();
        if (toolkit == null) {
            throw new IllegalStateException("the HTTP toolkit (bundle dev.tributary.http) is not running: /health and log/tributary.log say why");
        }
        return toolkit.client(HttpSettings.of(instanceId, configuration, credentials, cancelled, log));
    }

    @Override
    public Optional<char[]> secret(String name) {
        return vault.get(instanceId, name);
    }

    @Override
    public void progress(long done, long total) {
        this.done = done;
        this.total = total;
    }

    @Override
    public boolean isCancelled() {
        return cancelled.getAsBoolean();
    }

    @Override
    public Logger log() {
        return log;
    }

    private void flushIfFull() {
        if (buffer.size() >= FLUSH_AT) {
            write();
        }
    }

    /** Writes what is left, with the connector's last checkpoint if it is not written yet. */
    void flush() {
        if (!buffer.isEmpty() || pendingCheckpoint != null) {
            write();
        }
    }

    /**
     * Deletes stored documents the connector did not list — only when it said the listing was
     * complete; a broken-off listing deletes nothing.
     */
    void prune() {
        if (!listingComplete || webhook) {
            return;
        }
        List<Change> gone = new ArrayList<>();
        for (String id : store.externalIds(instanceId)) {
            if (!listed.contains(id)) {
                gone.add(new Change.Delete(id));
            }
        }
        if (!gone.isEmpty()) {
            result = result.plus(store.commit(instanceId, sourceType, gone, null));
            log.info("Pruned {} document(s) no longer at the source", gone.size());
        }
    }

    CommitResult result() {
        return result;
    }

    long seen() {
        return seen;
    }

    long failedItems() {
        return failed;
    }

    long done() {
        return done;
    }

    long total() {
        return total;
    }
}
