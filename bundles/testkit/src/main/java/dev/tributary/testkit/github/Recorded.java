package dev.tributary.testkit.github;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A request the fake answered.
 *
 * @param method       HTTP method
 * @param path         decoded path, e.g. {@code /repos/o/r/issues}
 * @param query        query parameters in request order
 * @param headers      request headers, names in lower case
 * @param time         the fake's clock when it came
 * @param status       the status answered
 * @param responseBody the body answered (UTF-8 text), empty for none
 */
public record Recorded(String method, String path, Map<String, List<String>> query, Map<String, List<String>> headers,
        Instant time, int status, String responseBody) {

    public Recorded {
        query = Collections.unmodifiableMap(new LinkedHashMap<>(query));
        headers = Map.copyOf(headers);
    }

    /** The first value of a query parameter. */
    public Optional<String> queryParam(String name) {
        return Optional.ofNullable(query.get(name)).flatMap(v -> v.stream().findFirst());
    }

    /** The first value of a request header, by case-insensitive name. */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT))).flatMap(v -> v.stream().findFirst());
    }

    @Override
    public String toString() {
        return method + " " + path + (query.isEmpty() ? "" : " " + query) + " → " + status;
    }
}
