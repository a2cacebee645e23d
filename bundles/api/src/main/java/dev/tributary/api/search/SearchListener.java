package dev.tributary.api.search;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told of every search the search service runs, e.g. to keep a latency histogram (the metrics
 * bundle does). A whiteboard: register one as a service and the search service calls it after each
 * search, on the searching thread — so it must be quick; what it throws is logged and ignored.
 *
 * @since 1.1
 */
@ConsumerType
public interface SearchListener {

    /**
     * @param nanos  how long the search took, from the call to its answer
     * @param failed whether it ended with an exception instead of a result
     */
    void searched(long nanos, boolean failed);
}
