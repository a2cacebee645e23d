package dev.tributary.rest.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code page} (from 0) and {@code size} of a listing; the answer names both and the {@code total}, so a
 * client knows how many pages there are.
 */
record Paging(int page, int size) {

    static final int MAX_SIZE = 500;

    static Paging of(Map<String, List<String>> params, int defaultSize) {
        int page = Api.integer(params, "page", 0);
        int size = Api.integer(params, "size", defaultSize);
        if (page < 0) {
            throw new IllegalArgumentException("page counts from 0, not " + page);
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("size must be from 1 to " + MAX_SIZE + ", not " + size);
        }
        return new Paging(page, size);
    }

    int offset() {
        return (int) Math.min(Integer.MAX_VALUE, (long) page * size);
    }

    /** The page's items under {@code name}, with the paging and {@code extra} fields first. */
    Map<String, Object> body(String name, List<?> items, long total, Map<String, Object> extra) {
        Map<String, Object> body = new LinkedHashMap<>(extra);
        body.put(name, items);
        body.put("page", page);
        body.put("size", size);
        body.put("total", total);
        return body;
    }
}
