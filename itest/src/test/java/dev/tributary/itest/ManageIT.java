package dev.tributary.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import dev.tributary.testkit.openapi.Exchange;
import dev.tributary.testkit.openapi.OpenApiContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the console manages, over the REST API of a real host: connector types from the bundles'
 * Metatype, instances made, changed and deleted with their values checked (422 naming each field),
 * secrets written but never read back, live progress as server-sent events, the run history, the
 * audit log, and connector bundles uploaded to and removed from deploy/ — every answer as the
 * OpenAPI description at /api/v1/openapi.json says.
 */
class ManageIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String FILESYSTEM = "dev.tributary.connector.filesystem";

    @TempDir
    static Path tmp;
    static InProcessHost host;
    static String token;

    @BeforeAll
    static void boot() throws Exception {
        host = new InProcessHost(tmp);
        token = host.dist.adminToken();
        // as an admin would on the Connectors page: deploy the distribution's connectors from its catalog
        JsonNode catalog = ok(call("GET", "connectors", null), 200).path("catalog");
        assertThat(catalog.findValuesAsText("id")).contains("filesystem", "github");
        for (String id : List.of("filesystem", "github")) {
            JsonNode d = ok(call("POST", "connectors?catalog=" + id, null), 202);
            assertThat(d.path("file").asText()).isEqualTo(id + ".jar");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> JSON.readTree(call("GET", "connectors", null).body()).path("types")
                .findValuesAsText("factoryPid").containsAll(List.of(FILESYSTEM, "dev.tributary.connector.github")));
    }

    /** Every answer of the API in this class, checked against the OpenAPI description at the end. */
    static final List<HttpResponse<String>> ANSWERS = new CopyOnWriteArrayList<>();
    static final List<String> EVENTS = new CopyOnWriteArrayList<>();

    @AfterAll
    static void answersKeepToTheOpenApiDescriptionThenStop() throws Exception {
        try {
            HttpResponse<String> description = host.dist.get("/api/v1/openapi.json");
            assertThat(description.statusCode()).isEqualTo(200);
            OpenApiContract contract = OpenApiContract.parse(description.body());
            List<String> problems = new java.util.ArrayList<>();
            for (HttpResponse<String> r : ANSWERS) {
                Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                r.headers().map().forEach((k, v) -> headers.put(k, v.get(0)));
                problems.addAll(contract.problems(new Exchange(r.request().method(), r.uri().getRawPath()
                        + (r.uri().getRawQuery() == null ? "" : "?" + r.uri().getRawQuery()), r.statusCode(),
                        r.headers().firstValue("Content-Type").orElse(null), r.body(), headers)));
            }
            for (String data : EVENTS) {
                problems.addAll(contract.schemaProblems("Instances", data));
            }
            assertThat(ANSWERS).as("answers checked").hasSizeGreaterThan(30);
            assertThat(EVENTS).as("events checked").isNotEmpty();
            assertThat(problems).as("answers that differ from GET /api/v1/openapi.json").isEmpty();
        } finally {
            if (host != null) {
                host.close();
            }
        }
    }

    static HttpResponse<String> call(String method, String path, Object json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(host.dist.url("/api/v1/" + path))).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(json)));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        return recorded(Distribution.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString()));
    }

    static HttpResponse<String> recorded(HttpResponse<String> r) {
        ANSWERS.add(r);
        return r;
    }

    static JsonNode ok(HttpResponse<String> r, int status) throws Exception {
        assertThat(r.statusCode()).as("%s %s", r.request().method(), r.body()).isEqualTo(status);
        return JSON.readTree(r.body());
    }

    @Test
    void connectorTypesComeFromTheBundlesMetatypeWithTheirSecrets() throws Exception {
        JsonNode c = ok(call("GET", "connectors", null), 200);
        JsonNode fs = find(c.path("types"), "factoryPid", FILESYSTEM);
        assertThat(fs.path("name").asText()).isEqualTo("File system");
        JsonNode root = find(fs.path("fields"), "id", "root");
        assertThat(root.path("required").asBoolean()).isTrue();
        assertThat(root.path("type").asText()).isEqualTo("string");
        JsonNode include = find(fs.path("fields"), "id", "include");
        assertThat(include.path("multiple").asBoolean()).isTrue();
        assertThat(include.path("defaults").toString()).isEqualTo("[\"**\"]");
        assertThat(find(fs.path("fields"), "id", "maxFileSize").path("type").asText()).isEqualTo("long");

        JsonNode github = find(c.path("types"), "factoryPid", "dev.tributary.connector.github");
        assertThat(github.path("secrets").findValuesAsText("id")).containsExactlyInAnyOrder("token", "clientSecret", "webhookSecret");
        assertThat(github.path("fields").findValuesAsText("id")).doesNotContain("token").contains("repositories", "auth");
        assertThat(find(github.path("fields"), "id", "auth").path("options").findValuesAsText("value")).containsExactly("token", "oauth");

        assertThat(c.path("bundles").findValuesAsText("symbolicName")).contains("dev.tributary.connector.filesystem",
                "dev.tributary.connector.github");
        JsonNode bundle = find(c.path("bundles"), "symbolicName", "dev.tributary.connector.filesystem");
        assertThat(bundle.path("file").asText()).isEqualTo("filesystem.jar");
        assertThat(bundle.path("state").asText()).isEqualTo("active");
        assertThat(ok(call("POST", "connectors?catalog=nothing-like-it", null), 400).path("detail").asText())
                .contains("no connector 'nothing-like-it'");
    }

    @Test
    void anInstanceIsMadeCheckedSyncedWatchedChangedAndDeleted() throws Exception {
        Path source = Files.createDirectories(tmp.resolve("notes-source"));
        for (int i = 0; i < 30; i++) {
            Files.writeString(source.resolve("note-" + i + ".txt"), "Note " + i + " about a quokka.");
        }
        // wrong values: each field is named with what is wrong, and nothing is made
        JsonNode refused = ok(call("PUT", "instances/notes/config", Map.of("factoryPid", FILESYSTEM,
                "values", Map.of("maxFileSize", "ten", "nonsense", "1"))), 422);
        assertThat(refused.path("errors").findValuesAsText("field")).containsExactlyInAnyOrder("root", "maxFileSize", "nonsense");
        assertThat(find(refused.path("errors"), "field", "maxFileSize").path("message").asText())
                .isEqualTo("Maximum file size (bytes) must be a whole number, not 'ten'");
        assertThat(call("GET", "instances/notes/config", null).statusCode()).isEqualTo(404);

        // made: it runs as soon as its connector binds (no run yet), on a manual schedule
        JsonNode made = ok(call("PUT", "instances/notes/config", Map.of("factoryPid", FILESYSTEM,
                "values", Map.of("root", source.toString(), "schedule", "manual", "include", List.of("*.txt", "**/*.txt")))), 201);
        assertThat(made.path("values").path("root").asText()).isEqualTo(source.toString());
        assertThat(made.path("values").path("include").toString()).isEqualTo("[\"*.txt\",\"**/*.txt\"]");
        assertThat(made.path("file").isNull()).isTrue();
        await().atMost(Duration.ofSeconds(20)).until(() -> call("GET", "instances/notes", null).statusCode() == 200);

        // live progress: the stream shows it running, then idle with its documents
        List<JsonNode> events = new CopyOnWriteArrayList<>();
        HttpRequest streamRequest = HttpRequest.newBuilder(URI.create(host.dist.url("/api/v1/events")))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").build();
        var stream = Distribution.HTTP.sendAsync(streamRequest, HttpResponse.BodyHandlers.ofLines());
        HttpResponse<Stream<String>> open = stream.get(10, TimeUnit.SECONDS);
        assertThat(open.statusCode()).isEqualTo(200);
        assertThat(open.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        Thread reader = new Thread(() -> open.body().filter(l -> l.startsWith("data: ")).forEach(l -> {
            try {
                EVENTS.add(l.substring(6));
                events.add(JSON.readTree(l.substring(6)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }), "events-reader");
        reader.setDaemon(true);
        reader.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> !events.isEmpty());
        ok(call("POST", "instances/notes/sync", null), 202);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(events).as("events").anySatisfy(e -> {
            JsonNode notes = find(e.path("instances"), "instanceId", "notes");
            assertThat(notes).isNotNull();
            assertThat(notes.path("state").asText()).isEqualTo("idle");
            assertThat(notes.path("documents").asLong()).isEqualTo(30);
        }));
        open.body().close();

        JsonNode runs = ok(call("GET", "instances/notes/runs?page=0&size=5", null), 200);
        assertThat(runs.path("total").asLong()).isEqualTo(1);
        assertThat(runs.path("runs").get(0).path("status").asText()).isEqualTo("succeeded");
        assertThat(runs.path("runs").get(0).path("added").asLong()).isEqualTo(30);
        assertThat(ok(call("GET", "instances/notes/runs?page=1&size=5", null), 200).path("runs").size()).isZero();
        assertThat(call("GET", "instances/notes/runs?size=0", null).statusCode()).isEqualTo(400);

        // changed: what was not sent keeps its value
        JsonNode changed = ok(call("PUT", "instances/notes/config", Map.of("values", Map.of("schedule", "1h"))), 200);
        assertThat(changed.path("values").path("schedule").asText()).isEqualTo("1h");
        assertThat(changed.path("values").path("root").asText()).isEqualTo(source.toString());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(JSON.readTree(call("GET", "instances/notes", null).body())
                .path("schedule").asText()).isEqualTo("1h"));

        // a secret is set, shown as set, never read back
        String secret = "s3cr3t-" + System.nanoTime();
        ok(call("PUT", "instances/notes/config", Map.of("values", Map.of(), "secrets", Map.of("nonsense", secret))), 422);
        JsonNode audit = ok(call("GET", "audit?size=100", null), 200);
        assertThat(audit.path("entries").findValuesAsText("action")).contains("instance.created", "instance.updated");
        assertThat(find(audit.path("entries"), "action", "instance.created").path("actor").asText()).isEqualTo("admin.token");
        assertThat(audit.path("total").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(ok(call("GET", "audit?target=notes&actor=admin.token", null), 200).path("entries").findValuesAsText("target"))
                .isNotEmpty().containsOnly("notes");

        // deleted: documents and the instance go
        ok(call("DELETE", "instances/notes", null), 200);
        await().atMost(Duration.ofSeconds(20)).until(() -> call("GET", "instances/notes", null).statusCode() == 404);
        assertThat(call("GET", "instances/notes/config", null).statusCode()).isEqualTo(404);
    }

    @Test
    void aSecretOfAGitHubInstanceIsWrittenToTheVaultAndShownOnlyAsSet() throws Exception {
        String secret = "ghp_" + Long.toHexString(System.nanoTime()) + "abcdef";
        JsonNode made = ok(call("PUT", "instances/gh/config", Map.of("factoryPid", "dev.tributary.connector.github",
                "values", Map.of("schedule", "manual", "repositories", List.of("acme/site")),
                "secrets", Map.of("token", secret))), 201);
        assertThat(made.path("secrets").path("token").asBoolean()).isTrue();
        assertThat(made.path("secrets").path("webhookSecret").asBoolean()).isFalse();
        assertThat(made.toString()).doesNotContain(secret);
        JsonNode names = ok(call("GET", "instances/gh/secrets", null), 200);
        assertThat(names.path("secrets").toString()).contains("token").doesNotContain(secret);
        ok(call("DELETE", "instances/gh", null), 200);
    }

    @Test
    void anInstanceFromAFileIsShownButLeftToTheFile() throws Exception {
        Path source = Files.createDirectories(tmp.resolve("filed-source"));
        Files.writeString(host.dist.etc().resolve(FILESYSTEM + "~filed.cfg"), "root = " + source + "\nschedule = manual\n");
        await().atMost(Duration.ofSeconds(20)).until(() -> call("GET", "instances/filed/config", null).statusCode() == 200);
        JsonNode view = ok(call("GET", "instances/filed/config", null), 200);
        assertThat(view.path("file").asText()).isEqualTo("etc/" + FILESYSTEM + "~filed.cfg");
        JsonNode refused = ok(call("PUT", "instances/filed/config", Map.of("values", Map.of("schedule", "1h"))), 409);
        assertThat(refused.path("detail").asText()).contains("etc/" + FILESYSTEM + "~filed.cfg");
        assertThat(ok(call("DELETE", "instances/filed", null), 409).path("detail").asText()).contains("delete that file");
    }

    @Test
    void aConnectorBundleIsUploadedUpgradedAndRemoved() throws Exception {
        HttpResponse<String> junk = upload("junk.jar", "not a jar".getBytes());
        assertThat(junk.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(junk.body()).path("detail").asText()).contains("not an OSGi bundle");

        JsonNode d = ok(upload("oauth-probe.jar", host.bundles.oauthProbe()), 202);
        assertThat(d.path("file").asText()).isEqualTo("oauth-probe.jar");
        assertThat(d.path("replaced").asBoolean()).isFalse();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode b = find(JSON.readTree(call("GET", "connectors", null).body()).path("bundles"), "symbolicName", "dev.tributary.itest.oauthprobe");
            return b != null && b.path("state").asText().equals("active") && b.path("removable").asBoolean();
        });
        // the same bundle under another name replaces the deployed file
        JsonNode again = ok(upload("other-name.jar", host.bundles.oauthProbe()), 202);
        assertThat(again.path("file").asText()).isEqualTo("oauth-probe.jar");
        assertThat(again.path("replaced").asBoolean()).isTrue();
        assertThat(host.dist.deploy().resolve("other-name.jar")).doesNotExist();

        ok(call("DELETE", "connectors/dev.tributary.itest.oauthprobe", null), 202);
        assertThat(host.dist.deploy().resolve("oauth-probe.jar")).doesNotExist();
        await().atMost(Duration.ofSeconds(30)).until(() -> find(JSON.readTree(call("GET", "connectors", null).body()).path("bundles"),
                "symbolicName", "dev.tributary.itest.oauthprobe") == null);
        assertThat(ok(call("DELETE", "connectors/dev.tributary.rest", null), 404).path("detail").asText())
                .contains("no connector bundle 'dev.tributary.rest' is in deploy/");
    }

    static HttpResponse<String> upload(String file, byte[] jar) throws Exception {
        return recorded(Distribution.HTTP.send(HttpRequest.newBuilder(URI.create(host.dist.url("/api/v1/connectors?file=" + file)))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token).header("Content-Type", "application/java-archive")
                .POST(HttpRequest.BodyPublishers.ofByteArray(jar)).build(), HttpResponse.BodyHandlers.ofString()));
    }

    /** The element of an array whose field has the value, or null. */
    static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode e : array) {
            if (e.path(field).asText().equals(value)) {
                return e;
            }
        }
        return null;
    }
}
