package dev.tributary.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.itest.Trees;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A copy of the distribution running as {@code bin/tributary run} in its own process, with the
 * calls benchmarks make to it (REST with the admin token, {@code /health}); closing it stops the
 * process and deletes the copy.
 */
final class BenchHost implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final Path home;
    final String base;
    private final Path work;
    private final Process process;

    private BenchHost(Path work, Path home, int port, Process process) {
        this.work = work;
        this.home = home;
        this.base = "http://127.0.0.1:" + port;
        this.process = process;
    }

    /** Copies {@code dist}, lets {@code prepare} change the copy (deploy/, etc/) and starts it; returns once /health is 200. */
    static BenchHost start(Path dist, String javaOptions, Prepare prepare) throws Exception {
        Path work = Files.createTempDirectory("tributary-bench");
        Path home = work.resolve("tributary");
        Trees.copy(dist, home);
        prepare.accept(home);
        int port = freePort();
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/tributary").toString(), "run")
                .redirectErrorStream(true).redirectOutput(home.resolve("log/run.out").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("TRIBUTARY_HTTP_PORT", Integer.toString(port));
        pb.environment().put("TRIBUTARY_JAVA_OPTS", javaOptions);
        BenchHost host = new BenchHost(work, home, port, pb.start());
        host.awaitHealth(body -> true, Duration.ofSeconds(120));
        return host;
    }

    interface Prepare {
        void accept(Path home) throws IOException;
    }

    long pid() {
        return process.pid();
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
                HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/health")));
                last = r.body();
                if (r.statusCode() == 200 && test.test(last)) {
                    return last;
                }
            } catch (IOException e) {
                last = e.toString();
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        throw new IllegalStateException("/health did not reach the expected state within " + timeout + "; last: " + last);
    }

    JsonNode get(String path) throws Exception {
        return api(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    JsonNode post(String path) throws Exception {
        return api(HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    private JsonNode api(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> r = send(request.header("Authorization", "Bearer " + adminToken()));
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(r.statusCode() + " from " + r.uri() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /** The REST bundle writes the token when it starts, which can be after /health first answers. */
    String adminToken() throws Exception {
        Path token = home.resolve("data/admin.token");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(token) && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
        return Files.readString(token).trim();
    }

    static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws Exception {
        try {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } finally {
            Trees.delete(work);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
