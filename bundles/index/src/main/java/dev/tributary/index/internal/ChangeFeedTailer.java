package dev.tributary.index.internal;

import dev.tributary.api.health.HealthCheckResult;
import dev.tributary.api.store.DocumentChange;
import dev.tributary.api.store.DocumentStore;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.IndexFormatTooNewException;
import org.apache.lucene.index.IndexFormatTooOldException;
import org.apache.lucene.index.IndexNotFoundException;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.IOUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the index following the store, on one thread ({@code tributary-index}): on start it opens
 * the last generation, or rebuilds from the store when that cannot be trusted; then it applies the
 * store's change feed in rounds as commits happen, refreshes the searchers after each round (what
 * was committed to the store is searchable well within a second) and commits the index every few
 * seconds and whenever the feed goes quiet, with the sequence it reached: after a crash it applies
 * the feed again from there. A rebuild on demand runs on the caller's thread while tailing waits.
 */
final class ChangeFeedTailer implements AutoCloseable {

    /**
     * @param poll         longest wait for the store's next commit when the index is current
     * @param lagTolerance how long the index may stay behind the store before health says so
     * @param batch        changes read per call
     * @param round        time spent applying before refreshing (keeps visibility regular under load)
     * @param retry        pause after a failure (the store unreachable …)
     * @param refreshGap   least time between two refreshes: changes arriving faster are applied together
     * @param commitEvery  longest time searchable changes stay uncommitted while the feed keeps moving
     * @param threads      threads applying a batch (a sync's own thread mostly waits on its source and the disk)
     */
    record Settings(Duration poll, Duration lagTolerance, int batch, Duration round, Duration retry, Duration refreshGap,
            Duration commitEvery, int threads) {
        static final Settings DEFAULT = new Settings(Duration.ofMillis(200), Duration.ofSeconds(5), 1000, Duration.ofMillis(500),
                Duration.ofSeconds(5), Duration.ofMillis(250), Duration.ofSeconds(5),
                Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));

        Settings(Duration poll, Duration lagTolerance, int batch, Duration round, Duration retry) {
            this(poll, lagTolerance, batch, round, retry, Duration.ZERO, Duration.ZERO, 1);
        }
    }

    private enum Phase { STARTING, REBUILDING, FOLLOWING, CLOSED }

    static final String THREAD_NAME = "tributary-index";
    private static final String CHECK = "index";
    private static final Logger LOG = LoggerFactory.getLogger(ChangeFeedTailer.class);

    private final DocumentStore store;
    private final Generations generations;
    private final Analyzer analyzer;
    private final Settings settings;
    private final LiveIndex live;
    /** One writer at a time: a round of tailing or a rebuild. */
    private final ReentrantLock writing = new ReentrantLock();
    private final Object wakeUp = new Object();
    private final Thread thread;
    /** Apply batches beside {@link #thread}; none when {@code settings.threads} is 1. */
    private final ExecutorService helpers;

    private volatile boolean closed;
    private volatile Phase phase = Phase.STARTING;
    private volatile String problem;
    private volatile long storeSequence;
    /** {@link System#nanoTime()} when the index was first seen behind the store; 0 when current. */
    private volatile long behindSince;
    private volatile long lastRound = System.nanoTime();
    private long lastRefresh;
    private long lastCommit = System.nanoTime();
    private volatile long rebuilt;
    /**
     * The store's last change once the last rebuild had read every document: a change up to it that
     * created a document may have been read by the rebuild already, so it replaces instead of adding.
     */
    private long seenByRebuild;

    ChangeFeedTailer(DocumentStore store, Path directory, Analyzer analyzer, LiveIndex live, Settings settings) {
        this.store = store;
        this.generations = new Generations(directory);
        this.analyzer = analyzer;
        this.live = live;
        this.settings = settings;
        this.thread = new Thread(this::run, THREAD_NAME);
        thread.setDaemon(true);
        // the thread dies with this bundle; it must not pin whatever loader the activating thread had
        thread.setContextClassLoader(getClass().getClassLoader());
        AtomicInteger helperNumber = new AtomicInteger();
        this.helpers = settings.threads() <= 1 ? null : Executors.newFixedThreadPool(settings.threads() - 1, r -> {
            Thread helper = new Thread(r, THREAD_NAME + "-" + helperNumber.incrementAndGet());
            helper.setDaemon(true);
            helper.setContextClassLoader(getClass().getClassLoader());
            return helper;
        });
    }

    void start() {
        thread.start();
    }

    long appliedSequence() {
        LuceneIndex index = live.get();
        return index == null ? 0 : index.sequence();
    }

    private void run() {
        while (!closed) {
            Duration pause = settings.poll();
            boolean current = false;
            try {
                if (live.get() == null) {
                    open();
                }
                current = follow();
                problem = null;
            } catch (CancellationException e) {
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Exception e) {
                String message = e.toString();
                if (!message.equals(problem)) {
                    LOG.warn("The index cannot follow the store (retrying every {} s)", settings.retry().toSeconds(), e);
                }
                problem = message;
                pause = settings.retry();
            }
            if (current) {
                awaitStore();
            } else {
                pause(pause);
            }
        }
    }

    /** Waits for the store's next commit (at most {@code poll}), then lets changes gather until a refresh is due. */
    private void awaitStore() {
        LuceneIndex index = live.get();
        try {
            if (index != null) {
                store.awaitChange(index.sequence(), settings.poll());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
            return;
        } catch (RuntimeException e) {
            return; // the next round reports it
        }
        long sinceRefresh = System.nanoTime() - lastRefresh;
        if (sinceRefresh < settings.refreshGap().toNanos()) {
            pause(Duration.ofNanos(settings.refreshGap().toNanos() - sinceRefresh));
        }
    }

    /** Opens the live generation, or rebuilds when it cannot be used or is ahead of the store. */
    private void open() throws IOException {
        phase = Phase.STARTING;
        long storeLast = store.lastSequence();
        String reason;
        try {
            Optional<Path> current = generations.current();
            if (current.isEmpty()) {
                reason = null;
            } else if (!Files.isDirectory(current.get())) {
                reason = "its directory " + current.get() + " is missing";
            } else {
                LuceneIndex index = LuceneIndex.open(current.get(), analyzer);
                if (index.sequence() <= storeLast) {
                    live.replace(index);
                    generations.deleteAllBut(current.get());
                    storeSequence = storeLast;
                    phase = Phase.FOLLOWING;
                    LOG.info("Index opened in {}: {} documents, following the store after change {}", current.get(),
                            index.documents(), index.sequence());
                    return;
                }
                reason = "it has applied store change " + index.sequence() + " but the store's last change is " + storeLast
                        + " (was the store restored from an older backup?)";
                index.close();
            }
        } catch (LockObtainFailedException e) {
            throw e; // another process has it open: rebuilding would not help
        } catch (CorruptIndexException | IndexFormatTooOldException | IndexFormatTooNewException | IndexNotFoundException
                | NoSuchFileException | EOFException e) {
            reason = "it is damaged and cannot be opened: " + e;
        } catch (IOException | RuntimeException e) {
            reason = "it cannot be opened: " + e; // garbage in a file can throw anything while Lucene decodes it
        }
        if (reason == null) {
            LOG.info("No index in {} yet: building it from the store", generations.root());
        } else {
            LOG.warn("Rebuilding the index in {} from the store: {}", generations.root(), reason);
        }
        rebuild();
    }

    /**
     * One round: applies the feed for at most {@code settings.round}, refreshes, and commits when due.
     *
     * @return whether the index is current (nothing more to read now)
     */
    private boolean follow() throws IOException, InterruptedException {
        // a rebuild may hold the lock for minutes: come back to check for closing meanwhile
        if (!writing.tryLock(settings.poll().toMillis(), TimeUnit.MILLISECONDS)) {
            return false;
        }
        try {
            LuceneIndex index = live.get();
            if (index == null || closed) {
                return false;
            }
            long applied = index.sequence();
            long pruned = store.prunedThrough();
            if (applied < pruned) {
                LOG.warn("Rebuilding the index from the store: it has applied change {} but the store no longer keeps the deletions "
                        + "up to change {} (the index was stopped longer than the store keeps them)", applied, pruned);
                rebuild();
                return false;
            }
            long deadline = System.nanoTime() + settings.round().toNanos();
            boolean current = false;
            while (!closed) {
                List<DocumentChange> batch = store.changesSince(applied, settings.batch());
                index.applyAll(notCreatedIfRebuilt(batch), helpers, settings.threads());
                if (!batch.isEmpty()) {
                    applied = batch.get(batch.size() - 1).sequence();
                }
                if (batch.size() < settings.batch()) {
                    current = true;
                    break;
                }
                if (System.nanoTime() > deadline) {
                    break;
                }
            }
            boolean quiet = applied == index.sequence();
            if (!quiet) {
                index.refresh(applied);
                lastRefresh = System.nanoTime();
            }
            if (index.uncommitted() && (quiet || System.nanoTime() - lastCommit >= settings.commitEvery().toNanos())) {
                index.commit();
                lastCommit = System.nanoTime();
            }
            if (current) {
                storeSequence = Math.max(storeSequence, applied);
                behindSince = 0;
            } else {
                storeSequence = store.lastSequence();
                if (behindSince == 0) {
                    behindSince = System.nanoTime();
                }
            }
            lastRound = System.nanoTime();
            return current;
        } finally {
            writing.unlock();
        }
    }

    /** {@code batch}, with the changes that a rebuild may have indexed already no longer marked as creations. */
    private List<DocumentChange> notCreatedIfRebuilt(List<DocumentChange> batch) {
        if (batch.isEmpty() || batch.get(0).sequence() > seenByRebuild) {
            return batch;
        }
        return batch.stream().map(c -> c.created() && c.sequence() <= seenByRebuild
                ? new DocumentChange(c.sequence(), c.instanceId(), c.externalId(), c.document(), false) : c).toList();
    }

    /**
     * Builds a new generation from every stored document, then makes it live. Searches keep using the
     * old one meanwhile; changes written during the rebuild are applied afterwards from the feed.
     *
     * @return the documents indexed
     */
    long rebuild() {
        writing.lock();
        Path directory = null;
        LuceneIndex fresh = null;
        try {
            if (closed) {
                throw new IllegalStateException("the index is closed");
            }
            phase = Phase.REBUILDING;
            rebuilt = 0;
            long started = System.nanoTime();
            directory = generations.next();
            fresh = LuceneIndex.create(directory, analyzer);
            // read first: whatever changes while we copy has a higher sequence and is applied again after
            long sequence = store.lastSequence();
            LuceneIndex target = fresh;
            store.forEach(document -> {
                if (closed) {
                    throw new CancellationException("the index is closing");
                }
                try {
                    if (target.add(document)) {
                        rebuilt++;
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            long readThrough = store.lastSequence();
            fresh.flagSharedContent();
            fresh.commit(sequence);
            generations.activate(directory);
            LuceneIndex previous = live.replace(fresh);
            fresh = null;
            IOUtils.closeWhileHandlingException(previous);
            generations.deleteAllBut(directory);
            storeSequence = Math.max(storeSequence, sequence);
            seenByRebuild = readThrough;
            lastRound = System.nanoTime();
            LOG.info("Index rebuilt from the store: {} documents up to change {} in {} ms", rebuilt, sequence,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            return rebuilt;
        } catch (IOException e) {
            throw new UncheckedIOException("rebuilding the index failed: " + e.getMessage(), e);
        } finally {
            if (fresh != null) {
                IOUtils.closeWhileHandlingException(fresh);
                Generations.delete(directory);
            }
            phase = live.get() == null ? Phase.STARTING : Phase.FOLLOWING;
            writing.unlock();
        }
    }

    /** The index's health, from state already held (no store call). */
    HealthCheckResult health() {
        LuceneIndex index = live.get();
        if (phase == Phase.CLOSED) {
            return HealthCheckResult.down(CHECK, "the index is closed");
        }
        Optional<Throwable> failure = index == null ? Optional.empty() : index.failure();
        if (failure.isPresent()) {
            return HealthCheckResult.down(CHECK, "the index cannot be written (" + failure.get() + "): fix the cause (disk space, "
                    + "permissions) and run bin/tributary reindex");
        }
        if (phase == Phase.REBUILDING) {
            return HealthCheckResult.degraded(CHECK, "rebuilding from the store: " + rebuilt + " documents so far"
                    + (index == null ? "; searches find nothing until it is done" : "; searches use the previous index"));
        }
        String problem = this.problem;
        if (index == null) {
            return HealthCheckResult.degraded(CHECK, problem == null ? "opening" : "cannot open the index: " + problem);
        }
        if (problem != null) {
            return HealthCheckResult.degraded(CHECK, "cannot follow the store (" + problem + "); searches show changes up to "
                    + index.sequence());
        }
        long now = System.nanoTime();
        long quiet = now - lastRound;
        if (quiet > settings.lagTolerance().plus(settings.poll()).toNanos()) {
            return HealthCheckResult.degraded(CHECK, "no change read from the store for " + TimeUnit.NANOSECONDS.toSeconds(quiet)
                    + " s; searches show changes up to " + index.sequence());
        }
        long behind = behindSince;
        if (behind != 0 && now - behind > settings.lagTolerance().toNanos()) {
            return HealthCheckResult.degraded(CHECK, (storeSequence - index.sequence()) + " changes behind the store for "
                    + TimeUnit.NANOSECONDS.toSeconds(now - behind) + " s (applied " + index.sequence() + " of " + storeSequence + ")");
        }
        return HealthCheckResult.up(CHECK, index.documents() + " documents, store changes applied up to " + index.sequence());
    }

    private void pause(Duration d) {
        synchronized (wakeUp) {
            if (!closed) {
                try {
                    wakeUp.wait(Math.max(1, d.toMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    closed = true;
                }
            }
        }
    }

    /** Stops the thread (a running rebuild is abandoned) and closes the index; nothing is left running. */
    @Override
    public void close() throws IOException {
        closed = true;
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
        if (thread.isAlive() && thread != Thread.currentThread()) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                LOG.warn("The index thread did not stop within 30 s");
            }
        }
        if (helpers != null) {
            helpers.shutdown();
        }
        writing.lock();
        try {
            phase = Phase.CLOSED;
            LuceneIndex index = live.replace(null);
            if (index != null) {
                index.close();
            }
        } finally {
            writing.unlock();
        }
    }
}
