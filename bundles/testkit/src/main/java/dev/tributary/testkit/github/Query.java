package dev.tributary.testkit.github;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The query parameters of a request, in the order they came. */
final class Query {
    private final List<Map.Entry<String, String>> entries;

    private Query(List<Map.Entry<String, String>> entries) {
        this.entries = entries;
    }

    static Query parse(String rawQuery) {
        List<Map.Entry<String, String>> entries = new ArrayList<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                entries.add(Map.entry(decode(name), decode(value)));
            }
        }
        return new Query(entries);
    }

    Optional<String> get(String name) {
        return entries.stream().filter(e -> e.getKey().equals(name)).map(Map.Entry::getValue).findFirst();
    }

    Map<String, List<String>> asMap() {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (var e : entries) {
            map.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
        }
        map.replaceAll((k, v) -> List.copyOf(v));
        return Collections.unmodifiableMap(map);
    }

    /** The query string with {@code name} set to {@code value}: replaced in place, or appended. */
    String with(String name, String value) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        boolean replaced = false;
        for (var e : entries) {
            if (e.getKey().equals(name)) {
                if (!replaced) {
                    out.add(Map.entry(name, value));
                    replaced = true;
                }
            } else {
                out.add(e);
            }
        }
        if (!replaced) {
            out.add(Map.entry(name, value));
        }
        return join(out);
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The query string again, encoded. */
    String encoded() {
        return join(entries);
    }

    private static String join(List<Map.Entry<String, String>> entries) {
        return entries.stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).collect(Collectors.joining("&"));
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
