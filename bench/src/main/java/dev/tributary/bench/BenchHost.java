package dev.tributary.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.itest.Trees;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A copy of the distribution running as {@code bin/tributary run} in its own process, with the
 * calls benchmarks make to it (REST with the admin token, {@code /health}); closing it stops the
 * process and deletes the copy (or keeps it where {@link #start(Path, String, Path, Prepare)} was told).
 */
final class BenchHost implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    /** HTTP/1.1, as a plain Java program would call the API (no h2c upgrade attempts). */
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    /** The index's figures in its /health message. */
    static final Pattern INDEX_HEALTH = Pattern.compile("(\\d+) documents, store changes applied up to (\\d+)");

    final Path home;
    final int port;
    final String base;
    private final Path work;
    private final Process process;
    private final Path keep;
    private String adminToken;

    private BenchHost(Path work, Path home, int port, Path keep, Process process) {
        this.work = work;
        this.keep = keep;
        this.home = home;
        this.port = port;
        this.base = "http://127.0.0.1:" + port;
        this.process = process;
    }

    /** Copies {@code dist}, lets {@code prepare} change the copy (deploy/, etc/) and starts it; returns once /health is 200. */
    static BenchHost start(Path dist, String javaOptions, Prepare prepare) throws Exception {
        return start(dist, javaOptions, null, prepare);
    }

    /**
     * The same, but when {@code keep} is not null, {@link #close()} moves the stopped host's copy
     * (store, index, log) there, a directory to be made, instead of deleting it.
     */
    static BenchHost start(Path dist, String javaOptions, Path keep, Prepare prepare) throws Exception {
        Path work = Files.createTempDirectory("tributary-bench");
        Path home = work.resolve("tributary");
        Trees.copy(dist, home);
        prepare.accept(home);
        int port = Processes.freePort();
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/tributary").toString(), "run")
                .redirectErrorStream(true).redirectOutput(home.resolve("log/run.out").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("TRIBUTARY_HTTP_PORT", Integer.toString(port));
        pb.environment().put("TRIBUTARY_JAVA_OPTS", javaOptions);
        BenchHost host = new BenchHost(work, home, port, keep, pb.start());
        try {
            host.awaitHealth(body -> true, Duration.ofSeconds(120));
        } catch (Exception e) {
            host.close();
            throw e;
        }
        return host;
    }

    interface Prepare {
        void accept(Path home) throws IOException;
    }

    long pid() {
        return process.pid();
    }

    /** The body of GET /health, or null while it does not answer 200. */
    String health() throws IOException, InterruptedException {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/health")));
        return r.statusCode() == 200 ? r.body() : null;
    }

    /** Polls /health until it is 200 and its body passes {@code test}. */
    String awaitHealth(Predicate<String> test, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "(no answer)";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the host exited with " + process.exitValue() + "; see " + home.resolve("log/run.out"));
            }
            try {
                String body = health();
                last = body == null ? "(not 200)" : body;
                if (body != null && test.test(body)) {
                    return body;
                }
            } catch (IOException e) {
                last = e.toString();
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        throw new IllegalStateException("/health did not reach the expected state within " + timeout + "; last: " + last);
    }

    /** The number of documents in the index as {@code health} (its body, or the index's line in it) says, or -1. */
    static long indexedDocuments(String health) {
        Matcher m = health == null ? null : INDEX_HEALTH.matcher(health);
        return m != null && m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** The instances of GET /api/v1/instances; empty while it does not answer 200. */
    List<JsonNode> instances() throws Exception {
        HttpResponse<String> r = send(request("/api/v1/instances"));
        List<JsonNode> list = new ArrayList<>();
        if (r.statusCode() == 200) {
            JSON.readTree(r.body()).path("instances").forEach(list::add);
        }
        return list;
    }

    /** Polls GET /api/v1/instances until its instances pass {@code test}. */
    void awaitInstances(Predicate<List<JsonNode>> test, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (test.test(instances())) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        throw new IllegalStateException("the instances did not reach the expected state within " + timeout + "; see "
                + home.resolve("log/run.out"));
    }

    /** Polls an instance until a run newer than {@code afterRunId} has ended; returns that run, which must have succeeded. */
    JsonNode awaitRun(String instance, long afterRunId, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode run = get("/api/v1/instances/" + instance).path("lastRun");
            if (run.path("id").asLong() > afterRunId && !run.path("ended").isNull() && !run.path("ended").isMissingNode()) {
                if (!"succeeded".equals(run.path("status").asText())) {
                    throw new IllegalStateException("the sync of " + instance + " did not succeed: " + run);
                }
                return run;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        throw new IllegalStateException("no finished run of " + instance + " within " + timeout);
    }

    JsonNode get(String path) throws Exception {
        return api(request(path).GET());
    }

    JsonNode post(String path) throws Exception {
        return api(request(path).POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** PUTs {@code body}, again while the host answers 503 (a service the route needs, such as the vault, is still starting). */
    JsonNode put(String path, String body) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            HttpResponse<String> r = send(request(path).PUT(HttpRequest.BodyPublishers.ofString(body)));
            if (r.statusCode() != 503 || System.nanoTime() > deadline) {
                if (r.statusCode() >= 300) {
                    throw new IllegalStateException(r.statusCode() + " from PUT " + r.uri() + ": " + r.body());
                }
                return JSON.readTree(r.body());
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    /** A request to {@code path} (from the root: {@code /api/v1/…}) with the admin token. */
    HttpRequest.Builder request(String path) throws Exception {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + adminToken());
    }

    private JsonNode api(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> r = send(request);
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(r.statusCode() + " from " + r.uri() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /** The REST bundle writes the token when it starts, which can be after /health first answers. */
    String adminToken() throws Exception {
        if (adminToken == null) {
            Path token = home.resolve("data/admin.token");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!(Files.isRegularFile(token) && Files.size(token) > 0) && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(20);
            }
            adminToken = Files.readString(token).trim();
        }
        return adminToken;
    }

    static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Stops the host, then deletes or keeps its copy. A copy to keep is stopped cleanly (SIGTERM: the
     * launcher's shutdown hook stops every bundle); one to delete is killed, which saves a second or
     * two per host and loses nothing that is kept.
     */
    @Override
    public void close() throws Exception {
        try {
            if (keep != null) {
                process.destroy();
            } else {
                process.destroyForcibly();
            }
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } finally {
            try {
                if (keep != null && Files.isDirectory(home)) {
                    Files.createDirectories(keep.getParent());
                    Files.move(home, keep);
                    System.out.println("The host's copy is kept in " + keep);
                }
            } finally {
                Trees.delete(work);
            }
        }
    }
}
