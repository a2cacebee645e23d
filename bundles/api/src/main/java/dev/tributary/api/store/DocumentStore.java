package dev.tributary.api.store;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Documents and checkpoints per instance. Implemented by the host's store service (embedded
 * HSQLDB by default); the sync engine and the index are its clients.
 */
@ProviderType
public interface DocumentStore {

    /**
     * Applies the changes and sets the checkpoint in one transaction. An upsert whose content hash
     * equals the stored one is not written; one whose source version is lower than the stored one
     * is ignored. A document with no principals is stored (so it can be pruned and re-permissioned)
     * but never handed to the index as visible.
     *
     * @param checkpoint the new cursor, or null to keep the current one
     */
    CommitResult commit(String instanceId, String sourceType, List<Change> changes, String checkpoint);

    Optional<String> checkpoint(String instanceId);

    /** Clears the checkpoint (a full resync starts from nothing). */
    void resetCheckpoint(String instanceId);

    Optional<StoredDocument> get(String instanceId, String externalId);

    /** The external ids stored for an instance (for pruning). */
    Set<String> externalIds(String instanceId);

    /**
     * The external ids stored for an instance that start with {@code prefix} (e.g. everything of one
     * repository). Stores override it to ask only for those.
     *
     * @since 1.5
     */
    default Set<String> externalIds(String instanceId, String prefix) {
        Set<String> matching = new java.util.HashSet<>();
        for (String id : externalIds(instanceId)) {
            if (id.startsWith(prefix)) {
                matching.add(id);
            }
        }
        return matching;
    }

    long count(String instanceId);

    /**
     * At most {@code limit} of an instance's documents in external id order, those after {@code after}
     * (e.g. to compare what is stored with the source, page by page: the next page starts after the last
     * id of this one). Stores override it to read only those.
     *
     * @param after an external id, or the empty string to start at the first
     * @since 1.7
     */
    default List<StoredDocument> documents(String instanceId, String after, int limit) {
        return externalIds(instanceId).stream().filter(id -> id.compareTo(after) > 0).sorted().limit(limit).map(id -> get(instanceId, id))
                .flatMap(Optional::stream).toList();
    }

    /** Deletes every document and the checkpoint of an instance, through the change feed. */
    CommitResult purge(String instanceId);

    /**
     * Changes with a sequence above {@code after}, oldest first, at most {@code limit}. Complete only
     * for {@code after >= prunedThrough()}.
     */
    List<DocumentChange> changesSince(long after, int limit);

    /**
     * The highest sequence of a deletion the store no longer keeps (it keeps them for a while, then
     * prunes them), 0 when none was pruned. A follower of the feed that has applied less would miss
     * deletions: it must rebuild from {@link #forEach}.
     *
     * @since 1.2
     */
    long prunedThrough();

    /** The highest sequence written so far. */
    long lastSequence();

    /**
     * Waits until a change with a sequence above {@code after} is committed, or {@code timeout}
     * passes; returns {@link #lastSequence()}. Lets the index follow commits as they happen instead
     * of polling.
     */
    long awaitChange(long after, Duration timeout) throws InterruptedException;

    /** Every stored document, for rebuilding the index. */
    void forEach(Consumer<StoredDocument> action);

    // runs

    long startRun(String instanceId, String mode);

    void finishRun(long runId, String status, RunCounts counts, String error);

    List<Run> runs(String instanceId, int limit);

    /** A page of an instance's runs, newest first, skipping the {@code offset} newest. @since 1.6 */
    default List<Run> runs(String instanceId, int offset, int limit) {
        List<Run> all = runs(instanceId, offset + limit);
        return all.size() <= offset ? List.of() : all.subList(offset, all.size());
    }

    /** How many runs an instance has recorded. @since 1.6 */
    default long runCount(String instanceId) {
        return runs(instanceId, Integer.MAX_VALUE).size();
    }

    /** Marks runs left {@code running} by a previous process as {@code interrupted}; returns how many. */
    int interruptUnfinishedRuns();

    // audit

    void audit(String actor, String action, String target, String detail);

    /**
     * A page of the audit log, newest first.
     *
     * @param actor  only this actor's lines, or null for everyone's
     * @param target only lines about this target, or null for all
     * @since 1.6
     */
    default List<AuditEntry> auditLog(String actor, String target, int offset, int limit) {
        return List.of();
    }

    /** How many lines {@link #auditLog} has with these filters. @since 1.6 */
    default long auditCount(String actor, String target) {
        return 0;
    }

    /** Counts a run reports as it finishes. */
    record RunCounts(long seen, long added, long updated, long unchanged, long deleted, long failed) {}
}
