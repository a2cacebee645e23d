package dev.tributary.api.store;

/**
 * What one commit did.
 *
 * @param added     new documents
 * @param updated   documents whose content changed
 * @param unchanged upserts skipped because the content hash was the same (no write)
 * @param stale     upserts skipped because the stored source version is newer
 * @param deleted   documents removed
 */
public record CommitResult(int added, int updated, int unchanged, int stale, int deleted) {
    public static final CommitResult NONE = new CommitResult(0, 0, 0, 0, 0);

    public CommitResult plus(CommitResult o) {
        return new CommitResult(added + o.added, updated + o.updated, unchanged + o.unchanged, stale + o.stale, deleted + o.deleted);
    }

    /** Whether anything was written. */
    public boolean wrote() {
        return added + updated + deleted > 0;
    }
}
