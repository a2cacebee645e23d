package dev.tributary.api.sync;

/**
 * How many runs of one instance ended one way since the host started.
 *
 * @param mode   {@code full}, {@code incremental} or {@code webhook}
 * @param status {@code succeeded}, {@code failed} or {@code cancelled}
 * @param runs   how many
 * @since 1.2
 */
public record RunCount(String instanceId, String mode, String status, long runs) {}
