package dev.tributary.api.store;

/**
 * An entry of the store's change feed, in commit order: what the index applies.
 *
 * @param sequence   increases with every write, store-wide
 * @param instanceId the instance
 * @param externalId the document
 * @param document   the document as now stored, or null when it was deleted
 */
public record DocumentChange(long sequence, String instanceId, String externalId, StoredDocument document) {
    public boolean deleted() {
        return document == null;
    }
}
