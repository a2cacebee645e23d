package dev.tributary.api.store;

import dev.tributary.api.connector.Document;

/**
 * A document as stored.
 *
 * @param instanceId  the instance it came from
 * @param sourceType  the connector type of that instance
 * @param document    the document
 * @param contentHash hash of its content (equal hashes from several instances are one hit in search)
 * @param sequence    the store-wide change sequence of its last write
 */
public record StoredDocument(String instanceId, String sourceType, Document document, String contentHash, long sequence) {}
