package dev.tributary.bench;

import dev.tributary.itest.TestBundles;
import dev.tributary.itest.Trees;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The host runtime's figures, on the real distribution started by bin/tributary:
 * cold start to the first {@code /health} 200, a drop into deploy/ until the bundle's component
 * answers, an update, idle RSS under -Xmx256m, and {@code /health} latency.
 */
public final class HostBench implements Benchmark {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private static final int HEALTH_WARMUP = 1000;
    private static final int HEALTH_REQUESTS = 1000;

    private final Path dist;
    private final int runs;
    private final int idleSeconds;
    private final TestBundles bundles;

    private Figure start;
    private Figure drop;
    private Figure update;
    private Figure remove;
    private Figure rss;
    private Figure healthP50;
    private Figure healthP99;
    private Figure healthMax;

    HostBench(Path dist, int runs, int idleSeconds) throws Exception {
        this.dist = dist;
        this.runs = runs;
        this.idleSeconds = idleSeconds;
        this.bundles = new TestBundles(Paths.get(TestBundles.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
    }

    @Override
    public void run(Results.Section out) throws Exception {
        out.method(String.format(Locale.ROOT, "The host's own figures over %d runs of the real distribution started with `bin/tributary run` "
                + "(`TRIBUTARY_JAVA_OPTS=-Xmx256m`, a fresh copy and data directory per run). The drops are a probe bundle "
                + "(a DS component with a health check) written into `deploy/`. `GET /health` latency: %,d requests one after the "
                + "other on one keep-alive connection after %,d to warm up, as a load balancer's probes would.", runs, HEALTH_REQUESTS,
                HEALTH_WARMUP));
        start = out.figure("cold start → first `GET /health` 200 (process spawn included)", "ms", 0).atMost(1500);
        drop = out.figure("drop into `deploy/` → bundle ACTIVE and its component answering in `/health`", "ms", 0).atMost(1000);
        update = out.figure("overwrite in `deploy/` → new version answering", "ms", 0).atMost(1500);
        remove = out.figure("delete from `deploy/` → gone", "ms", 0).atMost(1500);
        rss = out.figure("idle RSS after " + idleSeconds + " s, `-Xmx256m`", "MB", 0).atMost(150);
        healthP50 = out.figure("`GET /health` latency p50", "ms", 2);
        healthP99 = out.figure("`GET /health` latency p99", "ms", 2);
        healthMax = out.figure("`GET /health` latency, slowest of " + HEALTH_REQUESTS, "ms", 2).atMost(50);
        measure();
    }

    private void measure() throws Exception {
        // warm this JVM's HTTP client first, so its class loading does not compete with the host's start
        for (int i = 0; i < 50; i++) {
            try {
                get("http://127.0.0.1:" + Processes.freePort() + "/");
            } catch (IOException e) {
                // nothing listens there: only the client's code paths matter
            }
        }
        Path work = Files.createTempDirectory("tributary-bench");
        try {
            for (int i = 1; i <= runs; i++) {
                Path home = work.resolve("run" + i);
                Trees.copy(dist, home);
                oneRun(home, i);
            }
        } finally {
            Trees.delete(work);
        }
    }

    private void oneRun(Path home, int i) throws Exception {
        int port = Processes.freePort();
        String base = "http://127.0.0.1:" + port;
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/tributary").toString(), "run")
                .redirectErrorStream(true).redirectOutput(home.resolve("log/run.out").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("TRIBUTARY_HTTP_PORT", Integer.toString(port));
        pb.environment().put("TRIBUTARY_JAVA_OPTS", "-Xmx256m");
        long t0 = System.nanoTime();
        Process p = pb.start();
        try {
            awaitListening(port, Duration.ofSeconds(60));
            awaitHealth(base, b -> true, Duration.ofSeconds(60));
            double started = ms(t0);

            Path deploy = home.resolve("deploy");
            byte[] v1 = bundles.probe("1.0." + i);
            byte[] v2 = bundles.probe("1.1." + i);
            long t1 = System.nanoTime();
            TestBundles.drop(deploy, "probe.jar", v1);
            awaitHealth(base, b -> b.contains("version=1.0." + i), Duration.ofSeconds(10));
            double dropped = ms(t1);

            long t2 = System.nanoTime();
            TestBundles.drop(deploy, "probe.jar", v2);
            awaitHealth(base, b -> b.contains("version=1.1." + i), Duration.ofSeconds(10));
            double updated = ms(t2);

            long t3 = System.nanoTime();
            Files.delete(deploy.resolve("probe.jar"));
            awaitHealth(base, b -> !b.contains("\"probe\""), Duration.ofSeconds(10));
            double removed = ms(t3);

            for (int k = 0; k < HEALTH_WARMUP; k++) {
                get(base + "/health");
            }
            Stats health = new Stats();
            for (int k = 0; k < HEALTH_REQUESTS; k++) {
                long t = System.nanoTime();
                get(base + "/health");
                health.add(ms(t));
            }

            TimeUnit.SECONDS.sleep(idleSeconds); // idle: let start-up work and JIT settle (the host's own GC decides its heap)
            double idleRss = Processes.rssMegabytes(p.pid());
            System.out.printf(Locale.ROOT, "run %d: start %.0f ms, drop %.0f ms, update %.0f ms, remove %.0f ms, RSS %.0f MB, /health p99 %.2f ms%n",
                    i, started, dropped, updated, removed, idleRss, health.percentile(99));
            start.add(started);
            drop.add(dropped);
            update.add(updated);
            remove.add(removed);
            rss.add(idleRss);
            healthP50.add(health.median());
            healthP99.add(health.percentile(99));
            healthMax.add(health.max());
        } finally {
            p.destroyForcibly().waitFor(60, TimeUnit.SECONDS); // its copy is deleted: no need to stop it cleanly
        }
    }

    /** Cheap TCP probes first, so the benchmark's own polling takes little CPU from the starting host. */
    private static void awaitListening(int port, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 100);
                return;
            } catch (IOException e) {
                TimeUnit.MILLISECONDS.sleep(10);
            }
        }
        throw new IllegalStateException("nothing listens on port " + port + " after " + timeout);
    }

    private static void awaitHealth(String base, Predicate<String> body, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = get(base + "/health");
                if (r.statusCode() == 200 && body.test(r.body())) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
        throw new IllegalStateException(base + "/health did not reach the expected state within " + timeout);
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static double ms(long since) {
        return (System.nanoTime() - since) / 1e6;
    }
}
