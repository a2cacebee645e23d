package dev.tributary.rest.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One request to {@code /api/v1}, apart from the servlet API.
 *
 * @param method        GET, POST, …
 * @param path          below {@code /api/v1}, e.g. {@code /instances/docs/sync}
 * @param params        the query parameters
 * @param headers       the headers that matter here, by lower-case name (first value)
 * @param cookies       the request's cookies by name
 * @param remoteAddress the client's address, for throttling failed sign-ins
 * @param secure        whether the request came over TLS (the session cookie is then {@code Secure})
 * @param json          the body parsed from {@code application/json}, or null
 * @param text          the body as text for the routes that take one (a secret), or null
 * @param bytes         the body as bytes for the routes that take a file (a bundle), or null
 */
record ApiRequest(String method, String path, Map<String, List<String>> params, Map<String, String> headers, Map<String, String> cookies,
        String remoteAddress, boolean secure, Map<String, Object> json, char[] text, byte[] bytes) {

    ApiRequest {
        params = params == null ? Map.of() : params;
        TreeMap<String, String> h = new TreeMap<>();
        if (headers != null) {
            headers.forEach((k, v) -> h.put(k.toLowerCase(Locale.ROOT), v));
        }
        headers = h;
        cookies = cookies == null ? Map.of() : cookies;
    }

    /** A request with nothing but a method, a path and query parameters. */
    static ApiRequest of(String method, String path, Map<String, List<String>> params) {
        return new ApiRequest(method, path, params, Map.of(), Map.of(), "127.0.0.1", false, null, null, null);
    }

    ApiRequest header(String name, String value) {
        Map<String, String> h = new TreeMap<>(headers);
        if (value == null) {
            h.remove(name.toLowerCase(Locale.ROOT));
        } else {
            h.put(name.toLowerCase(Locale.ROOT), value);
        }
        return new ApiRequest(method, path, params, h, cookies, remoteAddress, secure, json, text, bytes);
    }

    ApiRequest cookie(String name, String value) {
        Map<String, String> c = new TreeMap<>(cookies);
        c.put(name, value);
        return new ApiRequest(method, path, params, headers, c, remoteAddress, secure, json, text, bytes);
    }

    ApiRequest json(Map<String, Object> body) {
        return new ApiRequest(method, path, params, headers, cookies, remoteAddress, secure, body, text, bytes)
                .header("Content-Type", "application/json");
    }

    ApiRequest text(char[] body) {
        return new ApiRequest(method, path, params, headers, cookies, remoteAddress, secure, json, body, bytes);
    }

    ApiRequest bytes(byte[] body) {
        return new ApiRequest(method, path, params, headers, cookies, remoteAddress, secure, json, text, body);
    }

    ApiRequest from(String address, boolean tls) {
        return new ApiRequest(method, path, params, headers, cookies, address, tls, json, text, bytes);
    }

    String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** A text field of the JSON body, or null when absent. */
    String field(String name) {
        Object v = json == null ? null : json.get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String text)) {
            throw new IllegalArgumentException("'" + name + "' must be a string");
        }
        return text;
    }

    /** A text field of the JSON body that must be there. */
    String required(String name) {
        String v = field(name);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("send '" + name + "' in the JSON body");
        }
        return v;
    }

    /** A list-of-strings field of the JSON body, or null when absent. */
    java.util.Set<String> strings(String name) {
        Object v = json == null ? null : json.get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof List<?> list) || !list.stream().allMatch(e -> e instanceof String)) {
            throw new IllegalArgumentException("'" + name + "' must be a list of strings");
        }
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        list.forEach(e -> out.add((String) e));
        return out;
    }

    /** Whether the request changes something (and so must come from our own pages when a browser sends it). */
    boolean changes() {
        return !(method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS"));
    }
}
