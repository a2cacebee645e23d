package dev.tributary.testkit.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * One documented operation.
 *
 * @param method      upper case, e.g. {@code GET}
 * @param template    the path template, e.g. {@code /instances/{instance}/runs}
 * @param operationId its {@code operationId}, or {@code ""} when it has none
 * @param node        the operation object of the description
 */
public record Operation(String method, String template, String operationId, JsonNode node) {

    /** The value of an extension ({@code x-…}) of the operation, or null. */
    public String extension(String name) {
        JsonNode v = node.get(name);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** Its JSON pointer in the description, e.g. {@code /paths/~1instances~1{instance}/get}. */
    public String pointer() {
        return "/paths/" + OpenApiContract.escape(template) + "/" + method.toLowerCase(Locale.ROOT);
    }

    /** {@code GET /instances/{instance} (getInstance)}: how failures name it. */
    @Override
    public String toString() {
        return method + " " + template + (operationId.isEmpty() ? "" : " (" + operationId + ")");
    }
}
