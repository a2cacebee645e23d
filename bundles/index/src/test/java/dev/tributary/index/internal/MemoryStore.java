package dev.tributary.index.internal;

import dev.tributary.api.connector.Document;
import dev.tributary.api.store.Change;
import dev.tributary.api.store.CommitResult;
import dev.tributary.api.store.DocumentChange;
import dev.tributary.api.store.DocumentStore;
import dev.tributary.api.store.Run;
import dev.tributary.api.store.StoredDocument;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A store in memory with the real one's change feed: the latest state of each document, plus tombstones, by sequence. */
class MemoryStore implements DocumentStore {

    private final Map<String, StoredDocument> documents = new TreeMap<>();
    private final List<DocumentChange> tombstones = new ArrayList<>();
    private long sequence;
    /** The {@code after} of every changesSince call, in order. */
    final List<Long> feedReads = new CopyOnWriteArrayList<>();
    /** When set, every feed read takes one permit, waiting until the test grants it (a slow or stalled store). */
    private volatile Semaphore readPermits;
    /** When set, thrown by every feed read (the store is down). */
    volatile RuntimeException feedFailure;
    /** When set, forEach waits for it before the first document (a rebuild in progress). */
    volatile CountDownLatch forEachGate;

    /** From now on feed reads wait for {@link #allowReads(int)}. */
    void holdReads() {
        readPermits = new Semaphore(0);
    }

    /** Lets {@code n} held feed reads through. */
    void allowReads(int n) {
        Semaphore permits = readPermits;
        if (permits != null) {
            permits.release(n);
        }
    }

    /** Feed reads pass freely again (including any waiting now). */
    void releaseReads() {
        Semaphore permits = readPermits;
        readPermits = null;
        if (permits != null) {
            permits.release(Integer.MAX_VALUE / 2);
        }
    }

    StoredDocument put(String instanceId, Document document, String contentHash) {
        return put(instanceId, "test", document, contentHash);
    }

    synchronized StoredDocument put(String instanceId, String sourceType, Document document, String contentHash) {
        StoredDocument stored = new StoredDocument(instanceId, sourceType, document, contentHash, ++sequence);
        documents.put(instanceId + "/" + document.externalId(), stored);
        notifyAll();
        return stored;
    }

    synchronized void delete(String instanceId, String externalId) {
        if (documents.remove(instanceId + "/" + externalId) != null) {
            tombstones.add(new DocumentChange(++sequence, instanceId, externalId, null));
            notifyAll();
        }
    }

    /** Forgets every change above {@code last}, as a store restored from an older backup. */
    synchronized void restoreTo(long last) {
        documents.values().removeIf(d -> d.sequence() > last);
        tombstones.removeIf(t -> t.sequence() > last);
        sequence = last;
    }

    @Override
    public List<DocumentChange> changesSince(long after, int limit) {
        feedReads.add(after);
        RuntimeException failure = feedFailure;
        if (failure != null) {
            throw failure;
        }
        Semaphore permits = readPermits;
        if (permits != null) {
            try {
                if (!permits.tryAcquire(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never let this feed read through");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the feed was held", e);
            }
        }
        synchronized (this) {
            List<DocumentChange> out = new ArrayList<>();
            for (StoredDocument d : documents.values()) {
                if (d.sequence() > after) {
                    out.add(new DocumentChange(d.sequence(), d.instanceId(), d.document().externalId(), d));
                }
            }
            for (DocumentChange t : tombstones) {
                if (t.sequence() > after) {
                    out.add(t);
                }
            }
            out.sort((a, b) -> Long.compare(a.sequence(), b.sequence()));
            return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
        }
    }

    @Override
    public synchronized long lastSequence() {
        return sequence;
    }

    @Override
    public synchronized long awaitChange(long after, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long left;
        while (sequence <= after && (left = deadline - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return sequence;
    }

    @Override
    public void forEach(Consumer<StoredDocument> action) {
        List<StoredDocument> all;
        synchronized (this) {
            all = List.copyOf(documents.values());
        }
        CountDownLatch gate = forEachGate;
        if (gate != null) {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        all.forEach(action);
    }

    @Override
    public CommitResult commit(String instanceId, String sourceType, List<Change> changes, String checkpoint) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<String> checkpoint(String instanceId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void resetCheckpoint(String instanceId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public synchronized Optional<StoredDocument> get(String instanceId, String externalId) {
        return Optional.ofNullable(documents.get(instanceId + "/" + externalId));
    }

    @Override
    public Set<String> externalIds(String instanceId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long count(String instanceId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CommitResult purge(String instanceId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long startRun(String instanceId, String mode) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void finishRun(long runId, String status, RunCounts counts, String error) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<Run> runs(String instanceId, int limit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public int interruptUnfinishedRuns() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void audit(String actor, String action, String target, String detail) {
        throw new UnsupportedOperationException();
    }
}
