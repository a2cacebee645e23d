package dev.tributary.index.internal;

import dev.tributary.api.connector.Document;
import dev.tributary.api.store.Change;
import dev.tributary.api.store.DocumentChange;
import dev.tributary.api.store.StoredDocument;
import dev.tributary.testkit.MemoryDocumentStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** The test kit's store in memory, with ways to make its change feed slow, stalled or failing. */
class MemoryStore extends MemoryDocumentStore {

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

    StoredDocument put(String instanceId, String sourceType, Document document, String contentHash) {
        commit(instanceId, sourceType, List.of(new Change.Upsert(document, contentHash)), null);
        return get(instanceId, document.externalId()).orElseThrow();
    }

    void delete(String instanceId, String externalId) {
        commit(instanceId, "test", List.of(new Change.Delete(externalId)), null);
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
        return super.changesSince(after, limit);
    }

    @Override
    public void forEach(Consumer<StoredDocument> action) {
        CountDownLatch gate = forEachGate;
        if (gate != null) {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        super.forEach(action);
    }
}
