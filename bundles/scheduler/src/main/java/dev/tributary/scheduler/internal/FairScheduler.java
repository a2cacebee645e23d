package dev.tributary.scheduler.internal;

import dev.tributary.api.schedule.Job;
import dev.tributary.api.schedule.JobState;
import dev.tributary.api.schedule.Schedule;
import dev.tributary.api.schedule.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jobs by key. Due jobs wait in one first-in-first-out queue for one of {@code maxConcurrent}
 * worker threads; a job is never queued or run twice at once, and a job that ran goes to the back
 * of the line, so a busy or slow job cannot starve the others.
 */
@Component(name = "dev.tributary.scheduler", service = Scheduler.class)
@Designate(ocd = FairScheduler.Config.class)
public final class FairScheduler implements Scheduler {

    @ObjectClassDefinition(name = "Tributary scheduler", description = "How many jobs (e.g. syncs) may run at once.")
    public @interface Config {
        @AttributeDefinition(name = "Concurrent jobs", description = "Jobs running at the same time; 0 = the number of cores, at least 2.")
        int maxConcurrent() default 0;
    }

    private static final Logger LOG = LoggerFactory.getLogger(FairScheduler.class);

    private final Clock clock;
    private final int maxConcurrent;
    private final ScheduledExecutorService timer;
    private final ExecutorService workers;
    private final Object lock = new Object();
    private final Map<String, Entry> entries = new HashMap<>();
    private final Deque<Entry> queue = new ArrayDeque<>();
    private int running;

    /** A job and its state; guarded by {@code lock} except the volatile flag. */
    private static final class Entry {
        final String key;
        final Schedule schedule;
        final NextRun next;
        final Job job;
        ScheduledFuture<?> timer;
        Instant nextRun;
        boolean queued;
        boolean running;
        boolean again;
        boolean removed;
        volatile boolean cancelled;
        Instant lastStarted;
        Instant lastEnded;

        Entry(String key, Schedule schedule, NextRun next, Job job) {
            this.key = key;
            this.schedule = schedule;
            this.next = next;
            this.job = job;
        }
    }

    @Activate
    public FairScheduler(Config config) {
        this(Clock.systemDefaultZone(), config.maxConcurrent() > 0 ? config.maxConcurrent()
                : Math.max(2, Runtime.getRuntime().availableProcessors()));
    }

    FairScheduler(Clock clock, int maxConcurrent) {
        this.clock = clock;
        this.maxConcurrent = maxConcurrent;
        this.timer = Executors.newSingleThreadScheduledExecutor(threads("tributary-scheduler"));
        this.workers = Executors.newFixedThreadPool(maxConcurrent, threads("tributary-job"));
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Deactivate
    void close() throws InterruptedException {
        synchronized (lock) {
            entries.values().forEach(this::remove);
            entries.clear();
        }
        timer.shutdownNow();
        workers.shutdown();
        if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
            LOG.warn("Jobs still running 30 s after they were cancelled; interrupting them");
            workers.shutdownNow();
        }
    }

    @Override
    public void schedule(String key, Schedule schedule, Instant lastRun, Job job) {
        Entry e = new Entry(key, schedule, new NextRun(schedule, clock.getZone()), job);
        synchronized (lock) {
            Entry old = entries.put(key, e);
            if (old != null) {
                remove(old);
            }
            e.lastStarted = lastRun;
            plan(e, lastRun);
        }
    }

    @Override
    public void unschedule(String key) {
        synchronized (lock) {
            Entry e = entries.remove(key);
            if (e != null) {
                remove(e);
            }
        }
    }

    @Override
    public boolean trigger(String key) {
        synchronized (lock) {
            Entry e = entries.get(key);
            if (e == null) {
                return false;
            }
            if (e.running) {
                e.again = true;
            } else {
                enqueue(e);
            }
            return true;
        }
    }

    @Override
    public boolean cancel(String key) {
        synchronized (lock) {
            Entry e = entries.get(key);
            if (e == null || !e.running) {
                return false;
            }
            e.cancelled = true;
            e.again = false;
            return true;
        }
    }

    @Override
    public Optional<JobState> state(String key) {
        synchronized (lock) {
            Entry e = entries.get(key);
            return e == null ? Optional.empty()
                    : Optional.of(new JobState(key, e.running, e.queued, e.queued || e.running ? null : e.nextRun, e.lastStarted, e.lastEnded));
        }
    }

    /** Sets the timer for the entry's next slot (or queues it at once when due). Under the lock. */
    private void plan(Entry e, Instant last) {
        Instant now = clock.instant();
        Instant due = e.next.after(last, now);
        if (due == null) {
            e.nextRun = null;
            return;
        }
        due = due.plus(e.next.jitter());
        e.nextRun = due;
        long delay = Math.max(0, Duration.between(now, due).toMillis());
        e.timer = timer.schedule(() -> {
            synchronized (lock) {
                if (!e.removed && !e.running) {
                    enqueue(e);
                }
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    private void enqueue(Entry e) {
        if (e.queued || e.removed) {
            return;
        }
        if (e.timer != null) {
            e.timer.cancel(false);
        }
        e.queued = true;
        queue.addLast(e);
        dispatch();
    }

    private void dispatch() {
        while (running < maxConcurrent && !queue.isEmpty()) {
            Entry e = queue.pollFirst();
            e.queued = false;
            e.running = true;
            e.cancelled = false;
            e.lastStarted = clock.instant();
            running++;
            workers.execute(() -> execute(e));
        }
    }

    private void execute(Entry e) {
        boolean gone;
        synchronized (lock) {
            // unscheduled between its dispatch and now: it must not start any more
            gone = e.removed;
        }
        try {
            if (!gone) {
                e.job.run(() -> e.cancelled || e.removed);
            }
        } catch (Exception | LinkageError ex) {
            // A job reports its own failures (e.g. in the run history); this only keeps the worker alive.
            LOG.error("Job {} failed: {}", e.key, ex.toString(), ex);
        } finally {
            synchronized (lock) {
                running--;
                e.running = false;
                e.lastEnded = clock.instant();
                if (!e.removed) {
                    if (e.again) {
                        e.again = false;
                        enqueue(e);
                    } else {
                        plan(e, e.lastStarted);
                    }
                }
                dispatch();
            }
        }
    }

    private void remove(Entry e) {
        e.removed = true;
        e.cancelled = true;
        if (e.timer != null) {
            e.timer.cancel(false);
        }
        if (e.queued) {
            queue.remove(e);
            e.queued = false;
        }
    }
}
