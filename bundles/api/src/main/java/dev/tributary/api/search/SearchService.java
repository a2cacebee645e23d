package dev.tributary.api.search;

import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** Search over the index. Implemented by the host's index service. */
@ProviderType
public interface SearchService {

    SearchResult search(SearchRequest request);

    /** Rebuilds the index from the store; returns the number of documents indexed. */
    long rebuild();

    /** The store change sequence the index has applied: the index is current when it equals the store's. */
    long appliedSequence();

    /**
     * How large the index is now, from what it already holds (cheap enough to ask on every metrics
     * scrape).
     *
     * @return empty when the implementation cannot tell
     * @since 1.1
     */
    default Optional<IndexSize> size() {
        return Optional.empty();
    }

    /**
     * Compares the index with the store document by document (reads both whole: an admin's check,
     * e.g. after a crash).
     *
     * @return empty when the implementation cannot tell
     * @since 1.2
     */
    default Optional<IndexCheck> verify() {
        return Optional.empty();
    }
}
