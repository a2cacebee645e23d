package dev.tributary.testkit.github;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the fake answers: status, headers and body (null for none). */
final class Reply {
    static final String REST_DOCS = "https://docs.github.com/rest";
    static final String JSON = "application/json; charset=utf-8";

    final int status;
    final Map<String, String> headers = new LinkedHashMap<>();
    final byte[] body;

    private Reply(int status, byte[] body, String contentType) {
        this.status = status;
        this.body = body;
        if (contentType != null) {
            headers.put("content-type", contentType);
        }
    }

    static Reply json(JsonNode body) {
        return new Reply(200, Json.bytes(body), JSON);
    }

    static Reply text(String body, String contentType) {
        return new Reply(200, body.getBytes(StandardCharsets.UTF_8), contentType);
    }

    static Reply empty(int status) {
        return new Reply(status, null, null);
    }

    /** GitHub's error body: {@code message}, {@code documentation_url} and {@code status}. */
    static Reply error(int status, String message, String documentationUrl) {
        return new Reply(status, Json.bytes(Json.error(message, documentationUrl, status)), JSON);
    }

    static Reply notFound(String documentationUrl) {
        return error(404, "Not Found", documentationUrl);
    }

    /**
     * A 301 to where a resource went; clients should follow it and use the new URL from then on
     * (https://docs.github.com/rest/using-the-rest-api/best-practices-for-using-the-rest-api#follow-redirects).
     */
    static Reply moved(String location) {
        var body = Json.error("Moved Permanently", "https://docs.github.com/v3/#http-redirects", 301);
        body.put("url", location);
        Reply r = new Reply(301, Json.bytes(body), JSON);
        r.headers.put("location", location);
        return r;
    }

    /** 422 with GitHub's "Validation Failed" body naming the offending field. */
    static Reply invalid(String resource, String field, String documentationUrl) {
        var body = Json.error("Validation Failed", documentationUrl, 422);
        var error = body.putArray("errors").addObject();
        error.put("resource", resource);
        error.put("field", field);
        error.put("code", "invalid");
        return new Reply(422, Json.bytes(body), JSON);
    }

    Reply header(String name, String value) {
        headers.put(name, value);
        return this;
    }
}
