package dev.tributary.api.search;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A page of hits, with facet counts over all matching documents the principals may see.
 *
 * @param total  matching hits (after collapsing duplicates)
 * @param hits   this page
 * @param facets per field ({@code instance}, {@code sourceType}, {@code container}, {@code author}): value → count
 */
public record SearchResult(long total, List<Hit> hits, Map<String, List<FacetValue>> facets) {

    /**
     * One hit. Documents with the same content in several instances are one hit listing every source.
     *
     * @param id         {@code <instance>/<external id>} of the best-scoring source
     * @param snippet    a passage of the text with the matched words between {@code <mark>} and {@code </mark>}
     *                   (the rest HTML-escaped)
     * @param sources    every instance holding the same content, the best first
     */
    public record Hit(String id, String title, String url, String snippet, String instanceId, String sourceType, String container,
            Instant updated, float score, List<Source> sources) {}

    /** Where a hit's content also lives. */
    public record Source(String instanceId, String sourceType, String externalId, String url) {}

    public record FacetValue(String value, long count) {}
}
