package dev.tributary.testkit;

import dev.tributary.api.store.Change;
import dev.tributary.api.store.CommitResult;
import dev.tributary.api.store.DocumentChange;
import dev.tributary.api.store.DocumentStore;
import dev.tributary.api.store.Run;
import dev.tributary.api.store.StoredDocument;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The store's documented semantics ({@link DocumentStore}) in memory, counting writes, for tests of
 * connectors and of the engine. Not for production: nothing is durable.
 */
public class MemoryDocumentStore implements DocumentStore {
    private final Map<String, StoredDocument> docs = new TreeMap<>();
    private final Map<String, String> checkpoints = new HashMap<>();
    private final List<Run> runs = new ArrayList<>();
    private final List<String> audit = new ArrayList<>();
    private final List<DocumentChange> feed = new ArrayList<>();
    private long seq;
    private long prunedThrough;
    private int writes;

    /** Documents written (added, updated or deleted) so far. */
    public synchronized int writes() {
        return writes;
    }

    /** {@code <instance>/<external id>} → what is stored. */
    public synchronized Map<String, StoredDocument> documents() {
        return Map.copyOf(docs);
    }

    public synchronized List<String> auditTrail() {
        return List.copyOf(audit);
    }

    @Override
    public synchronized CommitResult commit(String instanceId, String sourceType, List<Change> changes, String checkpoint) {
        int added = 0, updated = 0, unchanged = 0, stale = 0, deleted = 0;
        for (Change c : changes) {
            String key = instanceId + "/" + c.externalId();
            StoredDocument old = docs.get(key);
            if (c instanceof Change.Upsert u) {
                if (old == null) {
                    added++;
                } else if (u.document().sourceVersion() < old.document().sourceVersion()) {
                    stale++;
                    continue;
                } else if (old.contentHash().equals(u.contentHash())) {
                    unchanged++;
                    continue;
                } else {
                    updated++;
                }
                writes++;
                StoredDocument stored = new StoredDocument(instanceId, sourceType, u.document(), u.contentHash(), ++seq);
                docs.put(key, stored);
                feed.add(new DocumentChange(seq, instanceId, c.externalId(), stored, old == null));
            } else if (docs.remove(key) != null) {
                writes++;
                deleted++;
                feed.add(new DocumentChange(++seq, instanceId, c.externalId(), null));
            }
        }
        if (checkpoint != null) {
            checkpoints.put(instanceId, checkpoint);
        }
        notifyAll();
        return new CommitResult(added, updated, unchanged, stale, deleted);
    }

    @Override
    public synchronized Optional<String> checkpoint(String instanceId) {
        return Optional.ofNullable(checkpoints.get(instanceId));
    }

    @Override
    public synchronized void resetCheckpoint(String instanceId) {
        checkpoints.remove(instanceId);
    }

    @Override
    public synchronized Optional<StoredDocument> get(String instanceId, String externalId) {
        return Optional.ofNullable(docs.get(instanceId + "/" + externalId));
    }

    @Override
    public synchronized Set<String> externalIds(String instanceId) {
        return docs.values().stream().filter(d -> d.instanceId().equals(instanceId)).map(d -> d.document().externalId())
                .collect(Collectors.toSet());
    }

    @Override
    public long count(String instanceId) {
        return externalIds(instanceId).size();
    }

    @Override
    public synchronized CommitResult purge(String instanceId) {
        List<Change> all = externalIds(instanceId).stream().<Change>map(Change.Delete::new).toList();
        checkpoints.remove(instanceId);
        return commit(instanceId, "", all, null);
    }

    @Override
    public synchronized List<DocumentChange> changesSince(long after, int limit) {
        return feed.stream().filter(c -> c.sequence() > after).limit(limit).toList();
    }

    @Override
    public synchronized long lastSequence() {
        return seq;
    }

    @Override
    public synchronized long prunedThrough() {
        return prunedThrough;
    }

    /** Forgets every deletion in the feed so far, as the real store does once they are old enough. */
    public synchronized void pruneDeletions() {
        for (DocumentChange c : feed) {
            if (c.deleted()) {
                prunedThrough = Math.max(prunedThrough, c.sequence());
            }
        }
        feed.removeIf(DocumentChange::deleted);
    }

    /**
     * Forgets every change above {@code last}, as a store restored from an older backup: documents
     * written after it are gone entirely.
     */
    public synchronized void restoreTo(long last) {
        docs.values().removeIf(d -> d.sequence() > last);
        feed.removeIf(c -> c.sequence() > last);
        seq = last;
    }

    @Override
    public synchronized long awaitChange(long after, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long left;
        while (seq <= after && (left = deadline - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return seq;
    }

    /** Runs {@code action} outside the lock, over the documents as they were when called (as the real store's MVCC read). */
    @Override
    public void forEach(Consumer<StoredDocument> action) {
        List<StoredDocument> all;
        synchronized (this) {
            all = List.copyOf(docs.values());
        }
        all.forEach(action);
    }

    @Override
    public synchronized long startRun(String instanceId, String mode) {
        runs.add(0, new Run(runs.size() + 1, instanceId, mode, Instant.now(), null, "running", 0, 0, 0, 0, 0, 0, null));
        return runs.size();
    }

    @Override
    public synchronized void finishRun(long runId, String status, RunCounts n, String error) {
        for (int i = 0; i < runs.size(); i++) {
            Run r = runs.get(i);
            if (r.id() == runId) {
                runs.set(i, new Run(r.id(), r.instanceId(), r.mode(), r.started(), Instant.now(), status, n.seen(), n.added(), n.updated(),
                        n.unchanged(), n.deleted(), n.failed(), error));
            }
        }
    }

    @Override
    public synchronized List<Run> runs(String instanceId, int limit) {
        return runs.stream().filter(r -> r.instanceId().equals(instanceId)).limit(limit).toList();
    }

    @Override
    public int interruptUnfinishedRuns() {
        return 0;
    }

    @Override
    public synchronized void audit(String actor, String action, String target, String detail) {
        audit.add(action + " " + target + " " + detail);
    }
}
