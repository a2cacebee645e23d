package dev.tributary.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.bench.corpus.Corpus;
import dev.tributary.testkit.github.FakeGitHub;
import dev.tributary.testkit.github.Issue;
import dev.tributary.testkit.github.Recorded;
import dev.tributary.testkit.github.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The GitHub connector on a real host against the test kit's fake GitHub (in this JVM): a full sync
 * of {@code issues} issues and pull requests with {@code comments} comments over {@code repos}
 * repositories until every item is searchable, then an incremental sync of the unchanged source,
 * counting its requests and their answers.
 */
public final class GitHubBench implements Benchmark {

    private static final String INSTANCE = "gh";

    private final Path dist;
    private final int repos;
    private final int issues;
    private final int comments;
    private final int runs;
    private final long documents;
    private final long listings;

    private Figure stored;
    private Figure searchable;
    private Figure fullRequests;
    private Figure requests;
    private Figure not304;
    private Figure unchangedTime;

    GitHubBench(Path dist, int repos, int issues, int comments, int runs) {
        this.dist = dist;
        this.repos = repos;
        this.issues = issues;
        this.comments = comments;
        this.runs = runs;
        this.documents = repos + issues + comments;
        this.listings = 1 + 2L * repos; // the repository listing, and per repository its issues and its comments
    }

    @Override
    public void run(Results.Section out) throws Exception {
        out.method(String.format(Locale.ROOT, "The GitHub connector deployed in a fresh host (`-Xmx1g`) syncing from the test kit's fake "
                + "GitHub (`FakeGitHub`, same JVM as the benchmark, over HTTP on 127.0.0.1): %,d public repositories, %,d issues and "
                + "pull requests, %,d comments (texts from `Corpus`; an issue and its comments a minute after the one before, as in a real history); %d runs, each on a fresh host. Full sync = from "
                + "`POST /api/v1/instances/gh/sync` until its run ended (stored), and until `/health` shows every item in the index "
                + "(searchable). Then an incremental sync of the unchanged source: one conditional request per listing (%d listings: "
                + "the repositories, and each repository's issues and comments), each answered 304, is the goal.", repos, issues,
                comments, runs, listings));
        stored = out.figure("full sync, until stored", "docs/s", 0);
        searchable = out.figure("full sync, until searchable", "docs/s", 0);
        fullRequests = out.figure("full sync: requests", "", 0);
        requests = out.figure("incremental sync, nothing changed: requests", "", 0).versus("listings").ratioAtMost(1);
        not304 = out.figure("incremental sync, nothing changed: answers other than 304", "", 0).atMost(0);
        unchangedTime = out.figure("incremental sync, nothing changed: time", "s", 2);
        try (FakeGitHub fake = FakeGitHub.start()) {
            fake.token("bench-token", "octo");
            fake.rateLimit(1_000_000); // the budget is GitHub's business; measured here: our requests
            seed(fake);
            for (int run = 1; run <= runs; run++) {
                oneRun(fake, run);
            }
        }
    }

    /** A fresh host: a full sync until searchable, then an incremental one of the unchanged source. */
    private void oneRun(FakeGitHub fake, int run) throws Exception {
        try (BenchHost host = BenchHost.start(dist, "-Xmx1g -XX:+ExitOnOutOfMemoryError", home -> {
            try (Stream<Path> jars = Files.list(home.resolve("connectors/github"))) {
                for (Path jar : jars.toList()) {
                    Files.copy(jar, home.resolve("deploy").resolve(jar.getFileName()));
                }
            }
            Files.writeString(home.resolve("etc/dev.tributary.connector.github~" + INSTANCE + ".cfg"),
                    "apiUrl = " + fake.apiUrl() + "\nschedule = manual\n");
        })) {
            // the API lists the instance once its routes, the connector and the instance are up: then the token
            host.awaitInstances(list -> list.stream().anyMatch(i -> INSTANCE.equals(i.path("instanceId").asText())),
                    Duration.ofSeconds(60));
            host.put("/api/v1/instances/" + INSTANCE + "/secrets/token", "bench-token");

            fake.clearRequests();
            long t0 = System.nanoTime();
            host.post("/api/v1/instances/" + INSTANCE + "/sync");
            JsonNode full = host.awaitRun(INSTANCE, 0, Duration.ofMinutes(30));
            double synced = (System.nanoTime() - t0) / 1e9;
            if (full.path("added").asLong() != documents || full.path("failed").asLong() != 0) {
                throw new IllegalStateException("the full sync should have added " + documents + " documents and failed none: " + full);
            }
            host.awaitHealth(h -> BenchHost.indexedDocuments(h) == documents, Duration.ofMinutes(10));
            double indexed = (System.nanoTime() - t0) / 1e9;
            int requestsOfFull = fake.requests().size();

            fake.clearRequests();
            long t1 = System.nanoTime();
            host.post("/api/v1/instances/" + INSTANCE + "/sync");
            JsonNode unchanged = host.awaitRun(INSTANCE, full.path("id").asLong(), Duration.ofMinutes(5));
            double unchangedSeconds = (System.nanoTime() - t1) / 1e9;
            List<Recorded> made = fake.requests();
            Map<Integer, Long> byStatus = made.stream().collect(Collectors.groupingBy(Recorded::status, TreeMap::new, Collectors.counting()));
            System.out.printf(Locale.ROOT, "run %d: %d documents stored in %.1f s, searchable in %.1f s, %d requests; unchanged "
                    + "incremental sync: %.2f s, requests by status %s, run %s%n", run, documents, synced, indexed, requestsOfFull,
                    unchangedSeconds, byStatus, unchanged);
            stored.add(documents / synced);
            searchable.add(documents / indexed);
            fullRequests.add(requestsOfFull);
            requests.add(made.size(), listings);
            not304.add(made.size() - byStatus.getOrDefault(304, 0L));
            unchangedTime.add(unchangedSeconds);
        }
    }

    /**
     * {@code repos} public repositories; issues (every tenth a pull request) and comments spread evenly,
     * a minute apart as in a real history: were they all of one second, the overlap the connector reads
     * again after its last change (a minute) would hold every item of a repository, and no unchanged
     * listing could be answered 304.
     */
    private void seed(FakeGitHub fake) {
        Corpus words = new Corpus(11, 2, 1);
        int perRepo = issues / repos;
        int commentsPerIssue = comments / issues;
        int n = 0;
        for (int r = 0; r < repos; r++) {
            Repo repo = fake.repo("octo", "repo" + r, false).description(words.text(n++, 8)).readme("# repo " + r + "\n" + words.text(n++, 80));
            for (int i = 0; i < perRepo; i++) {
                Issue issue = i % 10 == 9 ? repo.pullRequest(words.text(n++, 6), words.text(n++, 60), "user" + (i % 50))
                        : repo.issue(words.text(n++, 6), words.text(n++, 60), "user" + (i % 50));
                for (int c = 0; c < commentsPerIssue; c++) {
                    issue.comment("user" + ((i + c) % 50), words.text(n++, 30));
                }
                fake.advance(Duration.ofMinutes(1));
            }
        }
    }
}
