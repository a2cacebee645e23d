package dev.tributary.api.connector;

/** What a run is asked to do. */
public enum SyncMode {
    /** Read everything; the checkpoint is empty. Afterwards the host prunes what was not listed. */
    FULL,
    /** Read what changed since {@link SyncContext#checkpoint()}, with a small overlap. */
    INCREMENTAL
}
