package dev.tributary.api.search;

import org.osgi.annotation.versioning.ProviderType;

/** Search over the index. Implemented by the host's index service. */
@ProviderType
public interface SearchService {

    SearchResult search(SearchRequest request);

    /** Rebuilds the index from the store; returns the number of documents indexed. */
    long rebuild();

    /** The store change sequence the index has applied: the index is current when it equals the store's. */
    long appliedSequence();
}
