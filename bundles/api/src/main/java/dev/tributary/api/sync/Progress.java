package dev.tributary.api.sync;

import java.time.Instant;

/**
 * How far a running sync is.
 *
 * @param runId          the run's id in the run history
 * @param mode           {@code full}, {@code incremental} or {@code webhook}
 * @param started        when it began
 * @param seen           items the connector reported so far (emitted or deleted)
 * @param done           items done as the connector counts them
 * @param total          items it expects in all, or {@code -1} when it cannot know
 * @param itemsPerSecond items seen per second since the run began
 * @param etaSeconds     seconds left at that pace, or null when the total is unknown
 * @since 1.3
 */
public record Progress(long runId, String mode, Instant started, long seen, long done, long total, double itemsPerSecond,
        Long etaSeconds) {

    /** The progress of a run from its counts at {@code now}. */
    public static Progress of(long runId, String mode, Instant started, long seen, long done, long total, Instant now) {
        double seconds = Math.max(0.001, (now.toEpochMilli() - started.toEpochMilli()) / 1000.0);
        double rate = seen / seconds;
        double doneRate = Math.max(done, 0) / seconds;
        Long eta = total >= 0 && done >= 0 && doneRate > 0 ? Long.valueOf(Math.round(Math.max(0, total - done) / doneRate)) : null;
        return new Progress(runId, mode, started, seen, done, total, Math.round(rate * 10) / 10.0, eta);
    }
}
