package dev.tributary.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.connector.Connector;
import dev.tributary.api.connector.ConnectorDescriptor;
import dev.tributary.api.connector.Document;
import dev.tributary.api.connector.SyncContext;
import dev.tributary.api.schedule.Job;
import dev.tributary.api.schedule.JobState;
import dev.tributary.api.schedule.Schedule;
import dev.tributary.api.schedule.Scheduler;
import dev.tributary.api.store.Run;
import dev.tributary.sync.internal.SyncEngine;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A connector replaced while its sync runs (a bundle update in deploy/, as DS does it: the old
 * service goes, then the new one comes): the run is recorded as interrupted and resumes from its
 * checkpoint by itself once the new connector is bound — never while the old run is still stopping.
 */
class SyncEngineRedeployTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    final MemoryDocumentStore store = new MemoryDocumentStore();
    final ThreadScheduler scheduler = new ThreadScheduler();
    final SyncEngine engine = new SyncEngine(store, new MemoryVault(), scheduler, Duration.ZERO);
    final List<String> checkpointsSeen = new CopyOnWriteArrayList<>();
    final AtomicInteger active = new AtomicInteger();
    final AtomicInteger mostActive = new AtomicInteger();
    /** The first connector's sync stops only once this is counted down, however cancelled it is. */
    final CountDownLatch oldRunMayStop = new CountDownLatch(1);
    final CountDownLatch oldRunEmitted = new CountDownLatch(1);

    @AfterEach
    void stopThreads() throws InterruptedException {
        oldRunMayStop.countDown();
        scheduler.join();
    }

    /** Emits "a" and commits after it, then (the old one) waits to be cancelled and released; then the rest. */
    private Connector connector(String version, boolean old) {
        return new Connector() {
            @Override
            public ConnectorDescriptor descriptor() {
                return new ConnectorDescriptor("fake", "Fake", version, ConnectorDescriptor.AuthKind.NONE, "dev.tributary.connector.fake",
                        Set.of());
            }

            @Override
            public void sync(SyncContext ctx) throws InterruptedException {
                mostActive.accumulateAndGet(active.incrementAndGet(), Math::max);
                try {
                    checkpointsSeen.add(version + ":" + ctx.checkpoint().orElse("<none>"));
                    boolean resumed = ctx.checkpoint().isPresent();
                    if (!resumed) {
                        ctx.emit(doc("a"));
                        ctx.listed("a");
                        ctx.commit("after-a");
                    }
                    if (old) {
                        oldRunEmitted.countDown();
                        poll(ctx::isCancelled, "the old run is cancelled");
                        oldRunMayStop.await(10, TimeUnit.SECONDS);
                        return;
                    }
                    ctx.emit(doc("b"));
                    ctx.listed("b");
                    ctx.commit("end");
                } finally {
                    active.decrementAndGet();
                }
            }
        };
    }

    @Test
    void aRunInterruptedByARedeployIsRecordedAsSuchAndResumesFromItsCheckpointOnceTheOldRunHasStopped() throws Exception {
        Connector v1 = connector("1.0.0", true);
        Map<String, Object> properties = properties();
        engine.bindConnector(v1, properties);
        assertThat(engine.sync("docs", false)).isTrue();
        assertThat(oldRunEmitted.await(10, TimeUnit.SECONDS)).as("the first run started").isTrue();

        engine.unbindConnector(v1, properties);
        engine.bindConnector(connector("1.0.1", false), properties);
        assertThat(checkpointsSeen).as("the new connector does not sync while the old run is stopping").containsExactly("1.0.0:<none>");

        oldRunMayStop.countDown();
        scheduler.join();
        List<Run> runs = store.runs("docs", 10);
        assertThat(runs).extracting(Run::status).containsExactly("succeeded", "interrupted");
        assertThat(runs.get(1).error()).contains("connector went away or changed");
        assertThat(checkpointsSeen).as("resumed from the interrupted run's checkpoint, by itself").containsExactly("1.0.0:<none>", "1.0.1:after-a");
        assertThat(mostActive).as("runs of one instance at once").hasValue(1);
        assertThat(store.externalIds("docs")).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void aConnectorThatGoesAwayWhileIdleIsNotSyncedWhenItComesBack() throws Exception {
        Connector v1 = connector("1.0.0", false);
        Map<String, Object> properties = properties();
        engine.bindConnector(v1, properties);
        engine.unbindConnector(v1, properties);
        engine.bindConnector(connector("1.0.1", false), properties);
        scheduler.join();
        assertThat(store.runs("docs", 10)).isEmpty();
    }

    /** Polls {@code condition} until it holds; fails after {@link #WAIT}. */
    private static void poll(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT.toSeconds() + " s: " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
    }

    private static Map<String, Object> properties() {
        Map<String, Object> props = new HashMap<>();
        props.put("service.pid", "dev.tributary.connector.fake~docs");
        props.put("service.factoryPid", "dev.tributary.connector.fake");
        props.put("schedule", "manual");
        return props;
    }

    private static Document doc(String id) {
        return Document.builder(id).title(id).text("text of " + id).url("fake://" + id).principals(Set.of("everyone")).build();
    }

    /** Runs each trigger at once on its own thread; unscheduling cancels the job's running execution (and nothing waits for it). */
    static final class ThreadScheduler implements Scheduler {
        private static final class Entry {
            final Job job;
            volatile boolean removed;
            volatile boolean running;

            Entry(Job job) {
                this.job = job;
            }
        }

        private final Map<String, Entry> entries = new ConcurrentHashMap<>();
        private final List<Thread> threads = new CopyOnWriteArrayList<>();

        @Override
        public void schedule(String key, Schedule schedule, Instant lastRun, Job job) {
            Entry old = entries.put(key, new Entry(job));
            if (old != null) {
                old.removed = true;
            }
        }

        @Override
        public void unschedule(String key) {
            Entry e = entries.remove(key);
            if (e != null) {
                e.removed = true;
            }
        }

        @Override
        public boolean trigger(String key) {
            Entry e = entries.get(key);
            if (e == null) {
                return false;
            }
            e.running = true;
            Thread t = new Thread(() -> {
                try {
                    e.job.run(() -> e.removed);
                } catch (Exception ex) {
                    throw new IllegalStateException(ex);
                } finally {
                    e.running = false;
                }
            }, "job-" + key);
            threads.add(t);
            t.start();
            return true;
        }

        @Override
        public boolean cancel(String key) {
            return false;
        }

        @Override
        public Optional<JobState> state(String key) {
            Entry e = entries.get(key);
            return e == null ? Optional.empty() : Optional.of(new JobState(key, e.running, false, null, null, null));
        }

        /** Waits for every execution started so far, and those they triggered. */
        void join() throws InterruptedException {
            for (int i = 0; i < threads.size(); i++) {
                threads.get(i).join(TimeUnit.SECONDS.toMillis(10));
            }
        }
    }
}
