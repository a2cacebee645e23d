package dev.tributary.testkit.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The path and query parameters of one operation (the path item's, overridden by the operation's own). */
final class Parameters {

    private final OpenApiContract contract;
    private final Operation op;
    /** {@code in:name} → the parameter, {@code $ref}s followed. */
    private final Map<String, OpenApiContract.Located> declared = new LinkedHashMap<>();

    Parameters(OpenApiContract contract, Operation op) {
        this.contract = contract;
        this.op = op;
        String item = "/paths/" + OpenApiContract.escape(op.template());
        for (String list : List.of(item + "/parameters", op.pointer() + "/parameters")) {
            int n = contract.description().at(list).size();
            for (int i = 0; i < n; i++) {
                OpenApiContract.Located p = contract.resolve(list + "/" + i);
                declared.put(p.node().path("in").asText() + ":" + p.node().path("name").asText(), p);
            }
        }
    }

    /** Query parameters sent that the operation does not declare. */
    List<String> undeclared(Map<String, List<String>> query) {
        List<String> problems = new ArrayList<>();
        for (String name : query.keySet()) {
            if (!declared.containsKey("query:" + name)) {
                problems.add("query parameter '" + name + "' is not a parameter of " + op);
            }
        }
        return problems;
    }

    /** Values that do not fit their parameter's schema, and required parameters not sent. */
    List<String> invalidValues(Map<String, String> path, Map<String, List<String>> query) {
        List<String> problems = new ArrayList<>();
        declared.forEach((key, p) -> {
            String in = p.node().path("in").asText();
            String name = p.node().path("name").asText();
            List<String> values = in.equals("path") ? (path.containsKey(name) ? List.of(path.get(name)) : List.of())
                    : in.equals("query") ? query.getOrDefault(name, List.of()) : null;
            if (values == null) {
                return; // headers and cookies are not part of an exchange
            }
            if (values.isEmpty()) {
                if (p.node().path("required").asBoolean(false)) {
                    problems.add(op + " was answered without its required " + in + " parameter '" + name + "'");
                }
                return;
            }
            JsonNode schema = contract.resolve(p.pointer() + "/schema").node();
            JsonNode value;
            if (types(schema).contains("array")) {
                ArrayNode array = JsonNodeFactory.instance.arrayNode();
                JsonNode items = schema.path("items").has("$ref") ? contract.resolve(p.pointer() + "/schema/items").node() : schema.path("items");
                values.forEach(v -> array.add(typed(v, items)));
                value = array;
            } else if (values.size() > 1) {
                problems.add(in + " parameter '" + name + "' of " + op + " takes one value, but was sent " + values.size());
                return;
            } else {
                value = typed(values.get(0), schema);
            }
            problems.addAll(contract.invalid(in + " parameter '" + name + "' = " + values, p.pointer() + "/schema", value));
        });
        return problems;
    }

    /** A parameter's text as the JSON value its schema expects: numbers and booleans when they parse as such. */
    private static JsonNode typed(String text, JsonNode schema) {
        List<String> types = types(schema);
        if (types.contains("integer") || types.contains("number")) {
            try {
                BigDecimal number = new BigDecimal(text);
                return number.scale() <= 0 ? JsonNodeFactory.instance.numberNode(number.toBigIntegerExact())
                        : JsonNodeFactory.instance.numberNode(number);
            } catch (NumberFormatException | ArithmeticException notANumber) {
                return JsonNodeFactory.instance.textNode(text);
            }
        }
        if (types.contains("boolean") && (text.equals("true") || text.equals("false"))) {
            return JsonNodeFactory.instance.booleanNode(Boolean.parseBoolean(text));
        }
        return JsonNodeFactory.instance.textNode(text);
    }

    private static List<String> types(JsonNode schema) {
        JsonNode type = schema.path("type");
        List<String> types = new ArrayList<>();
        if (type.isArray()) {
            type.forEach(t -> types.add(t.asText()));
        } else if (type.isTextual()) {
            types.add(type.asText());
        }
        return types;
    }

    /** The query of a target, decoded, by name (form style: a repeated name is a list). */
    static Map<String, List<String>> query(String target) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        int q = target.indexOf('?');
        if (q < 0 || q == target.length() - 1) {
            return query;
        }
        for (String pair : target.substring(q + 1).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            query.computeIfAbsent(name, k -> new ArrayList<>()).add(eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return query;
    }

    /** The values of a template's path parameters in a path it matches. */
    static Map<String, String> pathValues(String template, String path) {
        String[] parts = template.split("/", -1);
        String[] segments = path.split("/", -1);
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < parts.length && i < segments.length; i++) {
            if (parts[i].startsWith("{") && parts[i].endsWith("}")) {
                values.put(parts[i].substring(1, parts[i].length() - 1), URLDecoder.decode(segments[i].replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
