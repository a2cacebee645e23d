package dev.tributary.api.search;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * One search.
 *
 * @param query      the user's words (Lucene query syntax is accepted; bad syntax is searched as plain words)
 * @param principals who is searching: a document matches only if one of these may see it. Never
 *                   empty: a request without principals finds nothing
 * @param filters    narrowing by fields
 * @param page       0-based
 * @param pageSize   1..100
 */
public record SearchRequest(String query, Set<String> principals, Filters filters, int page, int pageSize) {

    public SearchRequest {
        query = query == null ? "" : query;
        principals = Set.copyOf(Objects.requireNonNull(principals, "principals"));
        filters = filters == null ? Filters.NONE : filters;
        if (page < 0) {
            throw new IllegalArgumentException("page must be 0 or more, not " + page);
        }
        if (pageSize < 1 || pageSize > 100) {
            throw new IllegalArgumentException("pageSize must be from 1 to 100, not " + pageSize);
        }
    }

    /**
     * Each set narrows to documents having one of its values; empty sets and null instants do not narrow.
     *
     * @param updatedFrom inclusive
     * @param updatedTo   exclusive
     */
    public record Filters(Set<String> instances, Set<String> sourceTypes, Set<String> containers, Set<String> authors,
            Instant updatedFrom, Instant updatedTo) {
        public static final Filters NONE = new Filters(Set.of(), Set.of(), Set.of(), Set.of(), null, null);

        public Filters {
            instances = instances == null ? Set.of() : Set.copyOf(instances);
            sourceTypes = sourceTypes == null ? Set.of() : Set.copyOf(sourceTypes);
            containers = containers == null ? Set.of() : Set.copyOf(containers);
            authors = authors == null ? Set.of() : Set.copyOf(authors);
        }
    }
}
