package dev.tributary.testkit.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * An OpenAPI 3.1 description, and the check that a real exchange keeps to it: the method and path are a
 * documented operation (path templates, the most literal one wins), its query parameters are declared,
 * the status is documented for it, the Content-Type is one documented for that status, required headers
 * are there (when the exchange carries its headers), and a JSON body validates against the schema
 * (JSON Schema 2020-12 with the OpenAPI dialect, {@code $ref}s resolved into the description, formats
 * such as {@code date-time} asserted). A 2xx answer also means the request kept to the description, so
 * then path and query values are checked against their schemas too: a server that accepts more than
 * the description allows is drift as well.
 *
 * <pre>{@code
 * OpenApiContract api = OpenApiContract.load(Path.of("bundles/rest/src/main/resources/openapi.json"));
 * api.check(Exchange.of("GET", "/instances/docs/runs?page=0", 200, "application/json", body));
 * }</pre>
 */
public final class OpenApiContract {

    /** What the description is called while validating; never fetched ({@code .invalid} does not resolve). */
    private static final String BASE = "https://tributary.invalid/openapi.json";
    private static final int MAX_REPORTED = 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The top-level fields of an OpenAPI document: not JSON Schema keywords, and nothing to warn about. */
    private static final List<String> DOCUMENT_FIELDS = List.of("openapi", "info", "jsonSchemaDialect", "servers", "paths", "webhooks",
            "components", "security", "tags", "externalDocs");

    /** The HTTP methods a path item may hold. */
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    private final JsonNode root;
    private final String serverPath;
    private final List<Operation> operations = new ArrayList<>();
    private final SchemaRegistry registry;
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    private OpenApiContract(String text) {
        try {
            this.root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the OpenAPI description is not JSON: " + e.getOriginalMessage(), e);
        }
        if (!root.path("openapi").asText().startsWith("3.1")) {
            throw new IllegalArgumentException("not an OpenAPI 3.1 description: 'openapi' is '" + root.path("openapi").asText() + "'");
        }
        this.serverPath = serverPath(root);
        for (Iterator<Map.Entry<String, JsonNode>> paths = root.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (METHODS.contains(op.getKey())) {
                    operations.add(new Operation(op.getKey().toUpperCase(Locale.ROOT), path.getKey(), op.getValue().path("operationId").asText(""),
                            op.getValue()));
                }
            }
        }
        Dialect dialect = Dialect.builder(Dialects.getOpenApi31())
                .keywords(DOCUMENT_FIELDS.stream().map(NonValidationKeyword::new).toList()).build();
        this.registry = SchemaRegistry.withDialect(dialect, b -> b.schemas(Map.of(BASE, text)));
    }

    /** A description given as JSON text. */
    public static OpenApiContract parse(String json) {
        return new OpenApiContract(json);
    }

    /** A description read from a file. */
    public static OpenApiContract load(Path file) {
        try {
            return new OpenApiContract(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the OpenAPI description " + file.toAbsolutePath(), e);
        }
    }

    /** The description itself. */
    public JsonNode description() {
        return root;
    }

    /** Every documented operation, in the order of the description. */
    public List<Operation> operations() {
        return List.copyOf(operations);
    }

    /** The operation serving a method and path (below the server URL or with it; any query is ignored). */
    public Optional<Operation> operation(String method, String target) {
        return template(pathOf(target)).flatMap(t -> operations.stream()
                .filter(o -> o.template().equals(t) && o.method().equalsIgnoreCase(method)).findFirst());
    }

    /**
     * Throws an {@link AssertionError} naming the operation, the status and each thing that does not match
     * the description; returns quietly when the exchange keeps to it.
     */
    public void check(Exchange exchange) {
        List<String> problems = problems(exchange);
        if (!problems.isEmpty()) {
            throw new AssertionError(problems.size() + " mismatch" + (problems.size() == 1 ? "" : "es") + " with the OpenAPI description in "
                    + exchange + ":\n  - " + String.join("\n  - ", problems));
        }
    }

    /** {@link #check(Exchange)} without headers. */
    public void check(String method, String target, int status, String contentType, String body) {
        check(Exchange.of(method, target, status, contentType, body));
    }

    /** What in the exchange does not keep to the description; empty when all does. */
    public List<String> problems(Exchange e) {
        List<String> problems = new ArrayList<>();
        String path = pathOf(e.target());
        Optional<String> template = template(path);
        if (template.isEmpty()) {
            problems.add("no path of the description matches " + path + " (the server URL is '" + serverPath + "')");
            return problems;
        }
        Optional<Operation> found = operation(e.method(), e.target());
        if (found.isEmpty()) {
            problems.add(e.method() + " is not an operation of " + template.get() + "; it has " + operations.stream()
                    .filter(o -> o.template().equals(template.get())).map(Operation::method).collect(Collectors.joining(", ")));
            return problems;
        }
        Operation op = found.get();
        Parameters parameters = new Parameters(this, op);
        Map<String, List<String>> query = Parameters.query(e.target());
        problems.addAll(parameters.undeclared(query));
        if (e.status() >= 200 && e.status() < 300) {
            problems.addAll(parameters.invalidValues(Parameters.pathValues(template.get(), path), query));
        }
        Located response = response(op, e.status());
        if (response == null) {
            problems.add(op + " answered " + e.status() + ", which it does not document (it documents "
                    + String.join(", ", fieldNames(op.node().path("responses"))) + ")");
            return problems;
        }
        String where = op + " answering " + e.status();
        problems.addAll(missingHeaders(where, response.node(), e));
        JsonNode content = response.node().path("content");
        String media = e.mediaType();
        if (content.isEmpty()) {
            if (!e.body().isEmpty()) {
                problems.add(where + " documents no body, but one came (" + media + ")");
            }
            return problems;
        }
        if (media == null || !content.has(media)) {
            problems.add(where + " answered Content-Type " + media + ", but documents " + String.join(", ", fieldNames(content)));
            return problems;
        }
        if (isJson(media) && content.path(media).has("schema")) {
            problems.addAll(invalid(where + ": the body", response.pointer() + "/content/" + escape(media) + "/schema", e.body()));
        }
        return problems;
    }

    /**
     * What in a JSON text does not match a schema of {@code components/schemas} (e.g. the data of an event
     * of a stream, which no response schema covers); empty when all does.
     */
    public List<String> schemaProblems(String component, String json) {
        if (!root.path("components").path("schemas").has(component)) {
            throw new IllegalArgumentException("the description has no schema '" + component + "' in components/schemas");
        }
        return invalid("the value", "/components/schemas/" + escape(component), json);
    }

    /**
     * What is wrong with the description itself: operations without a unique {@code operationId}, or
     * without responses, and {@code $ref}s or schemas the validator cannot load.
     */
    public List<String> descriptionProblems() {
        List<String> problems = new ArrayList<>();
        Map<String, Long> ids = operations.stream().collect(Collectors.groupingBy(Operation::operationId, Collectors.counting()));
        for (Operation op : operations) {
            if (op.operationId().isEmpty() || ids.get(op.operationId()) > 1) {
                problems.add(op + " needs an operationId of its own");
            }
            if (op.node().path("responses").isEmpty()) {
                problems.add(op + " documents no response");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = op.node().path("responses").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> r = it.next();
                Located response = resolve(op.pointer() + "/responses/" + escape(r.getKey()));
                if (response.node().isMissingNode()) {
                    problems.add(op + ": response " + r.getKey() + " refers to nothing");
                    continue;
                }
                for (String media : fieldNames(response.node().path("content"))) {
                    try {
                        schema(response.pointer() + "/content/" + escape(media) + "/schema").initializeValidators();
                    } catch (RuntimeException bad) {
                        problems.add(op + ": the schema of " + r.getKey() + " " + media + " cannot be loaded: " + bad.getMessage());
                    }
                }
            }
        }
        return problems;
    }

    /** Validation errors of a JSON text against the schema at a JSON pointer of the description, each prefixed by {@code what}. */
    List<String> invalid(String what, String pointer, String json) {
        JsonNode value;
        try {
            value = JSON.readTree(json);
        } catch (JsonProcessingException notJson) {
            return List.of(what + " is not JSON: " + notJson.getOriginalMessage());
        }
        return invalid(what, pointer, value);
    }

    List<String> invalid(String what, String pointer, JsonNode value) {
        List<com.networknt.schema.Error> errors = schema(pointer).validate(value,
                context -> context.executionConfig(config -> config.formatAssertionsEnabled(true)));
        List<String> problems = new ArrayList<>();
        for (com.networknt.schema.Error error : errors.subList(0, Math.min(errors.size(), MAX_REPORTED))) {
            String at = error.getInstanceLocation().toString();
            problems.add(what + (at.isEmpty() ? "" : " at " + at) + " does not match " + schemaName(error, pointer) + ": " + error.getMessage());
        }
        if (errors.size() > MAX_REPORTED) {
            problems.add("… and " + (errors.size() - MAX_REPORTED) + " more");
        }
        return problems;
    }

    /** The node at a JSON pointer, with {@code $ref}s followed, and where it was found. */
    Located resolve(String pointer) {
        String at = pointer;
        JsonNode node = root.at(at);
        for (int hops = 0; node.has("$ref") && hops < 16; hops++) {
            String ref = node.get("$ref").asText();
            if (!ref.startsWith("#/")) {
                throw new IllegalArgumentException("only references within the description are supported, not " + ref);
            }
            at = ref.substring(1);
            node = root.at(at);
        }
        return new Located(at, node);
    }

    /** A node of the description and its JSON pointer. */
    record Located(String pointer, JsonNode node) {}

    private Schema schema(String pointer) {
        return schemas.computeIfAbsent(pointer, p -> registry.getSchema(SchemaLocation.of(BASE + "#" + p.replace("{", "%7B").replace("}", "%7D"))));
    }

    private Located response(Operation op, int status) {
        JsonNode responses = op.node().path("responses");
        for (String key : List.of(Integer.toString(status), (status / 100) + "XX", "default")) {
            if (responses.has(key)) {
                return resolve(op.pointer() + "/responses/" + escape(key));
            }
        }
        return null;
    }

    private static List<String> missingHeaders(String where, JsonNode response, Exchange e) {
        List<String> problems = new ArrayList<>();
        if (e.headers() == null) {
            return problems;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = response.path("headers").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> h = it.next();
            if (h.getValue().path("required").asBoolean(false) && !e.headers().containsKey(h.getKey())) {
                problems.add(where + " lacks the required header " + h.getKey());
            }
        }
        return problems;
    }

    /** Where in the description the failed keyword is, e.g. {@code #/components/schemas/Run/required}. */
    private static String schemaName(com.networknt.schema.Error error, String pointer) {
        String location = error.getSchemaLocation() == null ? "" : error.getSchemaLocation().toString();
        String fragment = location.startsWith(BASE + "#") ? location.substring(BASE.length()) : "#" + pointer;
        return fragment.replace("%7B", "{").replace("%7D", "}");
    }

    private Optional<String> template(String path) {
        String[] segments = path.split("/", -1);
        String best = null;
        int bestLiterals = -1;
        for (Iterator<String> it = root.path("paths").fieldNames(); it.hasNext(); ) {
            String t = it.next();
            String[] parts = t.split("/", -1);
            if (parts.length != segments.length) {
                continue;
            }
            int literals = 0;
            boolean fits = true;
            for (int i = 0; i < parts.length && fits; i++) {
                boolean variable = parts[i].startsWith("{") && parts[i].endsWith("}");
                fits = variable ? !segments[i].isEmpty() : parts[i].equals(segments[i]);
                literals += variable ? 0 : 1;
            }
            if (fits && literals > bestLiterals) {
                best = t;
                bestLiterals = literals;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The path below the server URL, without the query. */
    private String pathOf(String target) {
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        if (!serverPath.isEmpty() && (path.equals(serverPath) || path.startsWith(serverPath + "/"))) {
            path = path.substring(serverPath.length());
        }
        return path.startsWith("/") ? path : "/" + path;
    }

    /** The path of the first server's URL ({@code /api/v1}), or "" when it names none. */
    private static String serverPath(JsonNode root) {
        String url = root.path("servers").path(0).path("url").asText("");
        String path = url.replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://[^/]*", "");
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static boolean isJson(String media) {
        return media.equals("application/json") || media.endsWith("+json");
    }

    /** A name as one token of a JSON pointer (RFC 6901). */
    static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
