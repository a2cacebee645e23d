package dev.tributary.api.store;

/**
 * An entry of the store's change feed, in commit order: what the index applies.
 *
 * @param sequence   increases with every write, store-wide
 * @param instanceId the instance
 * @param externalId the document
 * @param document   the document as now stored, or null when it was deleted
 * @param created    true when this change created the document (nothing was stored under its id
 *                   before it), so a follower need not look for an older version; false when
 *                   unknown
 */
public record DocumentChange(long sequence, String instanceId, String externalId, StoredDocument document, boolean created) {

    /** A change of which it is not known whether it created the document. */
    public DocumentChange(long sequence, String instanceId, String externalId, StoredDocument document) {
        this(sequence, instanceId, externalId, document, false);
    }

    public boolean deleted() {
        return document == null;
    }
}
