package dev.tributary.testkit.github;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

/** Jackson in one place, and GitHub's ways of writing times and node ids. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode parse(byte[] body) {
        try {
            return MAPPER.readTree(body);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * ISO 8601 in UTC with whole seconds, {@code YYYY-MM-DDTHH:MM:SSZ}, as GitHub writes every timestamp
     * (https://docs.github.com/rest/using-the-rest-api/timezones-and-the-rest-api).
     */
    static String time(Instant t) {
        return t == null ? null : DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
    }

    /** The legacy global node id format: base64 of "0{length of type}:{type}{id}", e.g. "MDU6SXNzdWUx". */
    static String nodeId(String type, long id) {
        String raw = "0" + type.length() + ":" + type + id;
        return Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static ObjectNode error(String message, String documentationUrl, int status) {
        ObjectNode e = object();
        e.put("message", message);
        e.put("documentation_url", documentationUrl);
        e.put("status", Integer.toString(status));
        return e;
    }
}
