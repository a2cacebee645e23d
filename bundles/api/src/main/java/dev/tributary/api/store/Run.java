package dev.tributary.api.store;

import java.time.Instant;

/**
 * One recorded sync run.
 *
 * @param status {@code running}, {@code succeeded}, {@code failed}, {@code cancelled}, or
 *               {@code interrupted} (the host stopped or crashed during the run)
 */
public record Run(long id, String instanceId, String mode, Instant started, Instant ended, String status, long seen,
        long added, long updated, long unchanged, long deleted, long failed, String error) {}
