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
import java.time.LocalDate;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The host runtime's figures, on the real distribution started by bin/tributary:
 * cold start to the first {@code /health} 200, a drop into deploy/ until the bundle's component
 * answers, an update, idle RSS under -Xmx256m, and {@code /health} latency.
 */
public final class HostBench {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final Path dist;
    private final int runs;
    private final int idleSeconds;
    private final TestBundles bundles;

    private final Stats start = new Stats();
    private final Stats drop = new Stats();
    private final Stats update = new Stats();
    private final Stats remove = new Stats();
    private final Stats rss = new Stats();
    private final Stats health = new Stats();

    HostBench(Path dist, int runs, int idleSeconds) throws Exception {
        this.dist = dist;
        this.runs = runs;
        this.idleSeconds = idleSeconds;
        this.bundles = new TestBundles(Paths.get(TestBundles.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args, "dist", "runs", "idle-seconds", "out");
        HostBench bench = new HostBench(o.path("dist", "runtime/target/tributary"), Math.max(5, o.integer("runs", 5)),
                o.integer("idle-seconds", 10));
        bench.run();
        Report.publish(o.path("out", "docs/BENCHMARKS.md"), "Host runtime", bench.report());
    }

    void run() throws Exception {
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
            start.add(ms(t0));

            Path deploy = home.resolve("deploy");
            byte[] v1 = bundles.probe("1.0." + i);
            byte[] v2 = bundles.probe("1.1." + i);
            long t1 = System.nanoTime();
            TestBundles.drop(deploy, "probe.jar", v1);
            awaitHealth(base, b -> b.contains("version=1.0." + i), Duration.ofSeconds(10));
            drop.add(ms(t1));

            long t2 = System.nanoTime();
            TestBundles.drop(deploy, "probe.jar", v2);
            awaitHealth(base, b -> b.contains("version=1.1." + i), Duration.ofSeconds(10));
            update.add(ms(t2));

            long t3 = System.nanoTime();
            Files.delete(deploy.resolve("probe.jar"));
            awaitHealth(base, b -> !b.contains("\"probe\""), Duration.ofSeconds(10));
            remove.add(ms(t3));

            for (int k = 0; k < 2000; k++) { // warm the path, as a load balancer's probes would
                get(base + "/health");
            }
            for (int k = 0; k < 1000; k++) {
                long t = System.nanoTime();
                get(base + "/health");
                health.add(ms(t));
            }

            TimeUnit.SECONDS.sleep(idleSeconds); // idle: let start-up work and JIT settle (the host's own GC decides its heap)
            rss.add(Processes.rssMegabytes(p.pid()));
            System.out.printf(Locale.ROOT, "run %d: start %.0f ms, drop %.0f ms, update %.0f ms, remove %.0f ms, RSS %.0f MB%n",
                    i, start.last(), drop.last(), update.last(), remove.last(), rss.last());
        } finally {
            p.destroy();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
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

    String report() throws IOException {
        StringBuilder b = new StringBuilder();
        b.append("Written by `bench/run` (").append(LocalDate.now()).append("). Each figure is min / median over ")
                .append(runs).append(" runs of the real distribution started with `bin/tributary run` ")
                .append("(`TRIBUTARY_JAVA_OPTS=-Xmx256m`, a fresh copy and data directory per run).\n\n");
        b.append("| measurement | min | median | goal | met |\n|---|---|---|---|---|\n");
        row(b, "cold start → first `GET /health` 200 (process spawn included)", start, " ms", 1500);
        row(b, "drop into `deploy/` → bundle ACTIVE and its component answering in `/health`", drop, " ms", 1000);
        row(b, "overwrite in `deploy/` → new version answering", update, " ms", 1500);
        row(b, "delete from `deploy/` → gone", remove, " ms", 1500);
        row(b, "idle RSS after " + idleSeconds + " s, `-Xmx256m`", rss, " MB", 150);
        b.append(String.format(Locale.ROOT, "\n`GET /health` latency over %d requests on one keep-alive connection: "
                + "p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms (goal: within 50 ms).%n",
                health.count(), health.median(), health.percentile(95), health.percentile(99), health.max()));
        return b.toString();
    }

    private static void row(StringBuilder b, String what, Stats s, String unit, double goal) {
        b.append(String.format(Locale.ROOT, "| %s | %.0f%s | %.0f%s | ≤ %.0f%s | %s |%n", what, s.min(), unit, s.median(), unit,
                goal, unit, s.median() <= goal ? "yes" : "no"));
    }
}
