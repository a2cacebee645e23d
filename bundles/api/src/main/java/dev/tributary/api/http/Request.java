package dev.tributary.api.http;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One outbound request. Header names are kept lower case. {@link #toString()} never shows header
 * values or secret query parameters.
 */
public record Request(String method, URI uri, Map<String, List<String>> headers, byte[] body) {

    public Request {
        method = method.toUpperCase(Locale.ROOT);
        Map<String, List<String>> copy = new LinkedHashMap<>();
        headers.forEach((k, v) -> copy.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        headers = Map.copyOf(copy);
        body = body == null ? null : body.clone();
    }

    public static Request get(URI uri) {
        return new Request("GET", uri, Map.of(), null);
    }

    public static Request get(String uri) {
        return get(URI.create(uri));
    }

    /** A POST of {@code json} with {@code Content-Type: application/json}. */
    public static Request postJson(URI uri, String json) {
        return new Request("POST", uri, Map.of(), json.getBytes(StandardCharsets.UTF_8)).header("Content-Type", "application/json");
    }

    /** This request with {@code value} added to the header {@code name}. */
    public Request header(String name, String value) {
        Map<String, List<String>> h = new LinkedHashMap<>(headers);
        List<String> values = new ArrayList<>(h.getOrDefault(name.toLowerCase(Locale.ROOT), List.of()));
        values.add(value);
        h.put(name.toLowerCase(Locale.ROOT), values);
        return new Request(method, uri, h, body);
    }

    /** This request with the header {@code name} set to {@code value} alone. */
    public Request withHeader(String name, String value) {
        Map<String, List<String>> h = new LinkedHashMap<>(headers);
        h.put(name.toLowerCase(Locale.ROOT), List.of(value));
        return new Request(method, uri, h, body);
    }

    /** A conditional request: the source answers 304 when what {@code etag} names has not changed. */
    public Request ifNoneMatch(String etag) {
        return etag == null ? this : withHeader("If-None-Match", etag);
    }

    public Request withUri(URI other) {
        return new Request(method, other, headers, body);
    }

    @Override
    public byte[] body() {
        return body == null ? null : body.clone();
    }

    @Override
    public String toString() {
        return method + " " + Redaction.uri(uri);
    }
}
