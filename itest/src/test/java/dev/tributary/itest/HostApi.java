package dev.tributary.itest;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The REST API of a host started from {@link Distribution}, as its admin: quick enough to poll a
 * running sync many times a second (a {@code bin/tributary} command starts a JVM each time).
 */
final class HostApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Distribution dist;

    HostApi(Distribution dist) {
        this.dist = dist;
    }

    /** GET {@code /api/v1/instances/<id>}, or empty while the host does not know the instance (or is not answering). */
    Optional<JsonNode> instance(String id) throws InterruptedException {
        try {
            HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/api/v1/instances/" + id)).GET());
            return r.statusCode() == 200 ? Optional.of(JSON.readTree(r.body())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Looks at the instance about every 10 ms until {@code done} holds for it (it must be known by
     * then); returns that look.
     */
    JsonNode awaitInstance(String id, Predicate<JsonNode> done, Duration atMost, String what) {
        JsonNode[] info = new JsonNode[1];
        await(what).atMost(atMost).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
                .until(() -> (info[0] = instance(id).orElse(info[0])) != null && done.test(info[0]));
        return info[0];
    }

    /** Whether the instance's last run, as {@link #instance} shows it, is still running. */
    static boolean running(JsonNode instance) {
        return instance.path("lastRun").path("status").asText().equals("running");
    }

    /** The id of the instance's last run, or -1 before its first. */
    static long lastRunId(JsonNode instance) {
        return instance.path("lastRun").path("id").asLong(-1);
    }

    /** POST {@code /api/v1/instances/<id>/sync}: queues a sync. */
    void sync(String id) throws IOException, InterruptedException {
        sync(id, false);
    }

    /** Queues a sync, a full one (everything listed again, from no checkpoint) when {@code full}. */
    void sync(String id, boolean full) throws IOException, InterruptedException {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/api/v1/instances/" + id + "/sync" + (full ? "?full=true" : "")))
                .POST(HttpRequest.BodyPublishers.noBody()));
        if (r.statusCode() != 202) {
            throw new IllegalStateException("POST sync of " + id + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    /** Waits until the instance is idle, queues a sync and waits for it to end; returns its run. */
    JsonNode syncAndAwait(String id, boolean full) throws IOException, InterruptedException {
        long last = lastRunId(awaitInstance(id, i -> !running(i) && !i.path("state").asText().equals("queued"), Duration.ofSeconds(30),
                id + " is idle"));
        sync(id, full);
        return awaitInstance(id, i -> lastRunId(i) > last && !running(i), Duration.ofSeconds(60), "the sync of " + id + " ends").path("lastRun");
    }

    /** The instance's stored documents: external id → content hash. */
    Map<String, String> contentHashes(String id) throws IOException, InterruptedException {
        Map<String, String> hashes = new TreeMap<>();
        documents(id).forEach((externalId, d) -> hashes.put(externalId, d.path("contentHash").asText()));
        return hashes;
    }

    /** GET /api/v1/search as {@code as}: the hits' JSON. */
    JsonNode search(String query, String as) throws IOException, InterruptedException {
        return get("/api/v1/search?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8) + "&as=" + URLEncoder.encode(as, StandardCharsets.UTF_8)
                + "&size=50");
    }

    /** Every recorded run of the instance, newest first. */
    List<JsonNode> runs(String id) throws IOException, InterruptedException {
        List<JsonNode> runs = new ArrayList<>();
        for (int page = 0; ; page++) {
            JsonNode body = get("/api/v1/instances/" + id + "/runs?size=500&page=" + page);
            body.path("runs").forEach(runs::add);
            if (runs.size() >= body.path("total").asLong() || body.path("runs").isEmpty()) {
                return runs;
            }
        }
    }

    /**
     * Every stored document of the instance (its digest: id, content hash, SHA-256 of the text) by
     * external id; an id listed twice fails.
     */
    Map<String, JsonNode> documents(String id) throws IOException, InterruptedException {
        Map<String, JsonNode> documents = new LinkedHashMap<>();
        String after = "";
        while (after != null) {
            JsonNode body = get("/api/v1/instances/" + id + "/documents?size=500&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
            for (JsonNode d : body.path("documents")) {
                JsonNode earlier = documents.put(d.path("externalId").asText(), d);
                if (earlier != null) {
                    throw new AssertionError("the store lists document " + d.path("externalId").asText() + " twice: " + earlier + " and " + d);
                }
            }
            after = body.path("next").isTextual() ? body.path("next").asText() : null;
        }
        return documents;
    }

    /** GET {@code /api/v1/index/verify}: the index compared with the store. */
    JsonNode verifyIndex() throws IOException, InterruptedException {
        return get("/api/v1/index/verify");
    }

    /** The bundles deployed from deploy/, as GET /api/v1/connectors lists them. */
    JsonNode connectors() throws IOException, InterruptedException {
        return get("/api/v1/connectors");
    }

    /** Stores a secret of an instance in the vault (PUT {@code /api/v1/instances/<id>/secrets/<name>}). */
    void secret(String id, String name, String value) throws IOException, InterruptedException {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/api/v1/instances/" + id + "/secrets/" + name)).header("Content-Type", "text/plain")
                .PUT(HttpRequest.BodyPublishers.ofString(value)));
        if (r.statusCode() != 200) {
            throw new IllegalStateException("PUT secret " + name + " of " + id + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri(path)).GET());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return Distribution.HTTP.send(request.header("Authorization", "Bearer " + dist.adminToken()).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create(dist.url(path));
    }
}
