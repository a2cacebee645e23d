package dev.tributary.testkit.openapi;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One request and its answer, as a client saw them.
 *
 * @param method      GET, POST, …
 * @param target      the path with its query, below the server URL ({@code /instances/docs/runs?page=1}) or
 *                    with it ({@code /api/v1/instances/docs/runs?page=1}); percent-encoded as sent
 * @param status      the answer's status
 * @param contentType the answer's Content-Type (parameters such as charset are ignored), or null for none
 * @param body        the answer's body as text ({@code ""} for none)
 * @param headers     the answer's headers by name (any case), or null to leave headers unchecked
 */
public record Exchange(String method, String target, int status, String contentType, String body, Map<String, String> headers) {

    public Exchange {
        if (headers != null) {
            Map<String, String> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            byName.putAll(headers);
            headers = byName;
        }
        body = body == null ? "" : body;
    }

    /** An exchange whose headers are not checked. */
    public static Exchange of(String method, String target, int status, String contentType, String body) {
        return new Exchange(method, target, status, contentType, body, null);
    }

    /** The same exchange with its answer's headers, so that headers the description requires are checked. */
    public Exchange withHeaders(Map<String, String> answerHeaders) {
        return new Exchange(method, target, status, contentType, body, answerHeaders);
    }

    /** The media type without parameters, in lower case, or null. */
    String mediaType() {
        if (contentType == null || contentType.isBlank()) {
            return null;
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return method + " " + target + " -> " + status + (contentType == null ? "" : " " + contentType);
    }
}
