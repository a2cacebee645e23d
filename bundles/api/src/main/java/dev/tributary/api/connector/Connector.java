package dev.tributary.api.connector;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A connector: one type of source (e.g. a file tree, GitHub). Register it as an OSGi service; the
 * host runs one sync at a time per configured instance and hands it a {@link SyncContext}.
 */
@ConsumerType
public interface Connector {

    ConnectorDescriptor descriptor();

    /**
     * Reads the source and reports what changed through the context. Call
     * {@link SyncContext#commit(String)} every few hundred items (and at the end) so a crash
     * resumes from there; return normally when done. Stop soon after
     * {@link SyncContext#isCancelled()} turns true. An exception fails the run; what was committed
     * stays committed.
     */
    void sync(SyncContext context) throws Exception;
}
