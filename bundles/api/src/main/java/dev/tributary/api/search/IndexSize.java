package dev.tributary.api.search;

/**
 * How large the index is.
 *
 * @param documents searchable documents (as of the last refresh: a change becomes searchable within about a second)
 * @param bytes     what the live index takes on disk, or -1 when unknown
 * @since 1.1
 */
public record IndexSize(long documents, long bytes) {}
