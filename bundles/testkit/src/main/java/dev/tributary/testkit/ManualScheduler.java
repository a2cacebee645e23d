package dev.tributary.testkit;

import dev.tributary.api.schedule.Job;
import dev.tributary.api.schedule.JobState;
import dev.tributary.api.schedule.Schedule;
import dev.tributary.api.schedule.Scheduler;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A scheduler that only records what is scheduled: tests run jobs themselves, on their thread. */
public class ManualScheduler implements Scheduler {
    private final Map<String, Schedule> scheduled = new ConcurrentHashMap<>();

    public Map<String, Schedule> scheduled() {
        return Map.copyOf(scheduled);
    }

    @Override
    public void schedule(String key, Schedule schedule, Instant lastRun, Job job) {
        scheduled.put(key, schedule);
    }

    @Override
    public void unschedule(String key) {
        scheduled.remove(key);
    }

    @Override
    public boolean trigger(String key) {
        return scheduled.containsKey(key);
    }

    @Override
    public boolean cancel(String key) {
        return false;
    }

    @Override
    public Optional<JobState> state(String key) {
        return Optional.empty();
    }
}
