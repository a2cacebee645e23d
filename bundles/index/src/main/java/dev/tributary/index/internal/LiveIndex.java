package dev.tributary.index.internal;

import java.io.IOException;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The generation searches use. A rebuild replaces it while searches run: the swap waits for the
 * searches on the old one to finish, so it can be closed and deleted right after.
 */
final class LiveIndex {

    /** A search over one view. */
    interface Read<T> {
        T apply(IndexView view) throws IOException;
    }

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile LuceneIndex index;

    /** The live index, or null before the first one is open and after closing. */
    LuceneIndex get() {
        return index;
    }

    /** Runs {@code read} on the current view, or returns {@code none} when there is no index. */
    <T> T read(Read<T> read, T none) throws IOException {
        lock.readLock().lock();
        try {
            LuceneIndex current = index;
            if (current == null) {
                return none;
            }
            IndexView view = current.acquire();
            try {
                return read.apply(view);
            } finally {
                current.release(view);
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /** A read that needs to know how far in the store's change feed its view is. */
    interface ReadApplied<T> {
        /** @param applied the store sequence the view has applied (all of it, maybe more) */
        T apply(IndexView view, long applied) throws IOException;
    }

    /** Runs {@code read} on the current view, or returns {@code none} when there is no index. */
    <T> T readApplied(ReadApplied<T> read, T none) throws IOException {
        lock.readLock().lock();
        try {
            LuceneIndex current = index;
            if (current == null) {
                return none;
            }
            long applied = current.sequence(); // before acquiring: a refresh publishes its sequence after its searcher
            IndexView view = current.acquire();
            try {
                return read.apply(view, applied);
            } finally {
                current.release(view);
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Makes {@code next} live; returns the previous one, no longer searched, for the caller to close. */
    LuceneIndex replace(LuceneIndex next) {
        lock.writeLock().lock();
        try {
            LuceneIndex previous = index;
            index = next;
            return previous;
        } finally {
            lock.writeLock().unlock();
        }
    }
}
