package dev.tributary.testkit.github;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GitHub's official OpenAPI description of api.github.com (npm {@code @octokit/openapi}, file
 * {@code generated/api.github.com.json}), used to check requests a client made against the fake: the
 * method and path fit an operation, every query parameter is one the operation declares, enumerated
 * values are allowed ones, integers keep their limits (per_page "max 100", which the description states
 * only in prose) and times are ISO 8601. It can also check that a response carries what its schema
 * requires.
 */
public final class GitHubOpenApi {
    /** The system property naming the description file. */
    public static final String PROPERTY = "github.openapi";
    public static final String HOW_TO_GET = "run `npm pack @octokit/openapi@23.0.2` and unpack"
            + " package/generated/api.github.com.json from the tarball (or `npm install --prefix target/npm"
            + " @octokit/openapi@23.0.2`: target/npm/node_modules/@octokit/openapi/generated/api.github.com.json),"
            + " then pass its path as -D" + PROPERTY + "=<file>; the test kit's pom does both during the build";
    private static final Pattern MAX_IN_PROSE = Pattern.compile("\\(max (\\d+)\\)");
    private static final int MAX_REPORTED_PER_RESPONSE = 20;
    private static final Map<Path, GitHubOpenApi> LOADED = new ConcurrentHashMap<>();

    private record Template(String path, String[] segments, JsonNode item, int literals) {
    }

    private record Operation(String id, String template, JsonNode node, Map<String, JsonNode> parameters) {
    }

    private final JsonNode root;
    private final List<Template> templates = new ArrayList<>();

    private GitHubOpenApi(JsonNode root) {
        this.root = root;
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("paths").fields(); it.hasNext();) {
            var e = it.next();
            String[] segments = e.getKey().substring(1).split("/", -1);
            int literals = 0;
            for (String s : segments) {
                literals += s.startsWith("{") ? 0 : 1;
            }
            templates.add(new Template(e.getKey(), segments, e.getValue(), literals));
        }
        if (templates.isEmpty()) {
            throw new IllegalArgumentException("not an OpenAPI description with paths");
        }
    }

    /** The description named by the system property {@value #PROPERTY}; fails saying how to get it. */
    public static GitHubOpenApi fromSystemProperty() {
        String file = System.getProperty(PROPERTY);
        if (file == null || file.isBlank()) {
            throw new IllegalStateException("system property " + PROPERTY + " is not set: " + HOW_TO_GET);
        }
        return load(Path.of(file));
    }

    /** Reads (once per file) the description. */
    public static GitHubOpenApi load(Path file) {
        Path key = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(key)) {
            throw new IllegalStateException("GitHub's OpenAPI description is not at " + key + ": " + HOW_TO_GET);
        }
        return LOADED.computeIfAbsent(key, k -> {
            try {
                return new GitHubOpenApi(Json.MAPPER.readTree(k.toFile()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + k, e);
            }
        });
    }

    /** The {@code operationId} serving this method and path, e.g. "issues/list-for-repo". */
    public Optional<String> operationId(String method, String path) {
        return operation(method, path).map(Operation::id);
    }

    /** What is wrong with a recorded request; empty when nothing is. */
    public List<String> check(Recorded request) {
        return checkRequest(request.method(), request.path(), request.query());
    }

    public List<String> checkRequest(String method, String path, Map<String, List<String>> query) {
        List<String> problems = new ArrayList<>();
        Optional<Template> template = template(path);
        if (template.isEmpty()) {
            problems.add("no path of GitHub's REST API matches " + path);
            return problems;
        }
        Optional<Operation> op = operation(method, path);
        if (op.isEmpty()) {
            problems.add(method + " is not an operation of " + template.get().path());
            return problems;
        }
        Operation operation = op.get();
        String where = method + " " + operation.template() + " (" + operation.id() + ")";
        query.forEach((name, values) -> {
            JsonNode parameter = operation.parameters().get(name);
            if (parameter == null) {
                problems.add("query parameter '" + name + "' is not a parameter of " + where);
                return;
            }
            for (String value : values) {
                checkValue(name, value, parameter).ifPresent(p -> problems.add(p + " in " + where));
            }
        });
        operation.parameters().forEach((name, parameter) -> {
            if (parameter.path("required").asBoolean(false) && !query.containsKey(name)) {
                problems.add("required query parameter '" + name + "' is missing in " + where);
            }
        });
        return problems;
    }

    /**
     * What the recorded response lacks that the operation's schema for its status requires (required
     * fields, JSON types, nulls where not nullable); empty when it has it all or nothing is described.
     */
    public List<String> checkResponse(Recorded request) {
        List<String> problems = new ArrayList<>();
        Optional<Operation> op = operation(request.method(), request.path());
        if (op.isEmpty() || request.responseBody().isEmpty()) {
            return problems;
        }
        JsonNode response = resolve(op.get().node().path("responses").path(Integer.toString(request.status())));
        JsonNode schema = response.path("content").path("application/json").path("schema");
        if (schema.isMissingNode()) {
            return problems;
        }
        JsonNode body;
        try {
            body = Json.parse(request.responseBody().getBytes(StandardCharsets.UTF_8));
        } catch (UncheckedIOException notJson) {
            return problems;
        }
        conforms(body, schema, "$", problems);
        return problems.size() > MAX_REPORTED_PER_RESPONSE ? problems.subList(0, MAX_REPORTED_PER_RESPONSE) : problems;
    }

    private Optional<Template> template(String path) {
        String[] segments = (path.startsWith("/") ? path.substring(1) : path).split("/", -1);
        Template best = null;
        for (Template t : templates) {
            if (fits(t, segments) && (best == null || t.literals() > best.literals())) {
                best = t;
            }
        }
        return Optional.ofNullable(best);
    }

    private boolean fits(Template t, String[] segments) {
        if (t.segments().length != segments.length) {
            return false;
        }
        for (int i = 0; i < segments.length; i++) {
            String part = t.segments()[i];
            if (part.startsWith("{")) {
                if (segments[i].isEmpty() || !typeFits(t, part.substring(1, part.length() - 1), segments[i])) {
                    return false;
                }
            } else if (!part.equals(segments[i])) {
                return false;
            }
        }
        return true;
    }

    /** An integer path parameter (issue_number) only takes digits: "comments" is not an issue number. */
    private boolean typeFits(Template t, String name, String value) {
        for (JsonNode op : t.item()) {
            for (JsonNode p : op.path("parameters")) {
                JsonNode parameter = resolve(p);
                if (parameter.path("in").asText().equals("path") && parameter.path("name").asText().equals(name)) {
                    return !resolve(parameter.path("schema")).path("type").asText().equals("integer")
                            || value.matches("\\d+");
                }
            }
        }
        return true;
    }

    private Optional<Operation> operation(String method, String path) {
        return template(path).flatMap(t -> {
            JsonNode node = t.item().path(method.toLowerCase(Locale.ROOT));
            if (node.isMissingNode()) {
                return Optional.empty();
            }
            Map<String, JsonNode> parameters = new LinkedHashMap<>();
            for (JsonNode list : List.of(t.item().path("parameters"), node.path("parameters"))) {
                for (JsonNode p : list) {
                    JsonNode parameter = resolve(p);
                    if (parameter.path("in").asText().equals("query")) {
                        parameters.put(parameter.path("name").asText(), parameter);
                    }
                }
            }
            return Optional.of(new Operation(node.path("operationId").asText(), t.path(), node, parameters));
        });
    }

    private Optional<String> checkValue(String name, String value, JsonNode parameter) {
        JsonNode schema = resolve(parameter.path("schema"));
        JsonNode allowed = schema.path("enum");
        if (allowed.isArray()) {
            for (JsonNode a : allowed) {
                if (a.asText().equals(value)) {
                    return Optional.empty();
                }
            }
            return Optional.of(name + "=" + value + " is not one of " + allowed);
        }
        switch (schema.path("type").asText()) {
            case "integer" -> {
                return checkInteger(name, value, schema, parameter.path("description").asText(""));
            }
            case "boolean" -> {
                return value.equals("true") || value.equals("false") ? Optional.empty()
                        : Optional.of(name + "=" + value + " is not a boolean");
            }
            default -> {
                if (schema.path("format").asText().equals("date-time")) {
                    try {
                        OffsetDateTime.parse(value);
                    } catch (DateTimeParseException e) {
                        return Optional.of(name + "=" + value + " is not an ISO 8601 time (YYYY-MM-DDTHH:MM:SSZ)");
                    }
                }
                return Optional.empty();
            }
        }
    }

    private static Optional<String> checkInteger(String name, String value, JsonNode schema, String description) {
        long number;
        try {
            number = Long.parseLong(value);
        } catch (NumberFormatException e) {
            return Optional.of(name + "=" + value + " is not an integer");
        }
        if (schema.has("minimum") && number < schema.path("minimum").asLong()) {
            return Optional.of(name + "=" + value + " is below the minimum " + schema.path("minimum").asLong());
        }
        long max = schema.has("maximum") ? schema.path("maximum").asLong() : Long.MAX_VALUE;
        Matcher prose = MAX_IN_PROSE.matcher(description);
        if (prose.find()) {
            max = Math.min(max, Long.parseLong(prose.group(1)));
        }
        return number > max ? Optional.of(name + "=" + value + " is above the maximum " + max) : Optional.empty();
    }

    private void conforms(JsonNode value, JsonNode schemaRef, String at, List<String> problems) {
        JsonNode schema = resolve(schemaRef);
        if (schema.has("allOf")) {
            schema.path("allOf").forEach(part -> conforms(value, part, at, problems));
            return;
        }
        for (String alternatives : List.of("oneOf", "anyOf")) {
            if (schema.has(alternatives)) {
                List<String> closest = null;
                for (JsonNode alternative : schema.path(alternatives)) {
                    List<String> tried = new ArrayList<>();
                    conforms(value, alternative, at, tried);
                    if (closest == null || tried.size() < closest.size()) {
                        closest = tried;
                    }
                }
                if (closest != null) {
                    problems.addAll(closest);
                }
                return;
            }
        }
        if (value.isNull()) {
            if (!nullable(schema)) {
                problems.add(at + " is null but may not be");
            }
            return;
        }
        String type = type(schema);
        if (!type.isEmpty() && !hasType(value, type)) {
            problems.add(at + " should be " + type + " but is " + value.getNodeType().name().toLowerCase(Locale.ROOT));
            return;
        }
        if (value.isArray()) {
            int i = 0;
            for (JsonNode item : value) {
                conforms(item, schema.path("items"), at + "[" + i++ + "]", problems);
            }
        } else if (value.isObject()) {
            for (JsonNode required : schema.path("required")) {
                if (!value.has(required.asText())) {
                    problems.add(at + " lacks required field '" + required.asText() + "'");
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext();) {
                var property = it.next();
                if (value.has(property.getKey())) {
                    conforms(value.get(property.getKey()), property.getValue(), at + "." + property.getKey(), problems);
                }
            }
        }
    }

    /** OpenAPI 3.0 {@code nullable: true}, or 3.1 {@code type: [..., "null"]}, or an enum listing null. */
    private static boolean nullable(JsonNode schema) {
        if (schema.path("nullable").asBoolean(false)) {
            return true;
        }
        for (JsonNode t : schema.path("type")) {
            if (t.asText().equals("null")) {
                return true;
            }
        }
        for (JsonNode e : schema.path("enum")) {
            if (e.isNull()) {
                return true;
            }
        }
        return false;
    }

    private static String type(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (!t.asText().equals("null")) {
                    return t.asText();
                }
            }
            return "";
        }
        return type.asText("");
    }

    private static boolean hasType(JsonNode value, String type) {
        return switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            default -> true;
        };
    }

    /** Follows {@code $ref}s ("#/components/…") to what they name. */
    private JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        for (int hops = 0; current.has("$ref") && hops < 16; hops++) {
            current = root.at(current.get("$ref").asText().substring(1));
        }
        return current;
    }
}
