package dev.tributary.api.schedule;

import java.time.Instant;

/**
 * Where a scheduled job stands.
 *
 * @param running     an execution is under way
 * @param queued      due (or triggered) and waiting for a free slot
 * @param nextRun     when it runs next by itself, or null (manual, or already queued)
 * @param lastStarted the last execution's start, or null
 * @param lastEnded   the last execution's end, or null
 */
public record JobState(String key, boolean running, boolean queued, Instant nextRun, Instant lastStarted, Instant lastEnded) {}
