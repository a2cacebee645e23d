package dev.tributary.api.schedule;

import java.time.Instant;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Runs jobs by key: at most one execution per key at a time, at most a configured number at once
 * overall, first come first served. Implemented by the host.
 */
@ProviderType
public interface Scheduler {

    /**
     * Schedules (or replaces) the job of {@code key}. If the last run ({@code lastRun}, e.g. from the
     * run history) is more than one period ago — the host was down — it runs once soon, not once per
     * missed slot.
     */
    void schedule(String key, Schedule schedule, Instant lastRun, Job job);

    /** Removes the job; a running execution is cancelled. */
    void unschedule(String key);

    /**
     * Runs the job as soon as a slot is free. A trigger while it is queued changes nothing; a
     * trigger while it runs makes exactly one more execution follow.
     *
     * @return false if there is no such job
     */
    boolean trigger(String key);

    /** Cancels the running execution (it stops at its next safe point). @return whether one was running */
    boolean cancel(String key);

    Optional<JobState> state(String key);
}
