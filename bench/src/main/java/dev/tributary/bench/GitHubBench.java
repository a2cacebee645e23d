package dev.tributary.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.bench.corpus.Corpus;
import dev.tributary.testkit.github.FakeGitHub;
import dev.tributary.testkit.github.Issue;
import dev.tributary.testkit.github.Recorded;
import dev.tributary.testkit.github.Repo;
import java.net.http.HttpRequest;
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
public final class GitHubBench {

    private static final String INSTANCE = "gh";

    private final Path dist;
    private final int repos;
    private final int issues;
    private final int comments;

    private GitHubBench(Path dist, int repos, int issues, int comments) {
        this.dist = dist;
        this.repos = repos;
        this.issues = issues;
        this.comments = comments;
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args, "dist", "repos", "issues", "comments", "out");
        GitHubBench bench = new GitHubBench(o.path("dist", "runtime/target/tributary"), o.integer("repos", 10), o.integer("issues", 10_000),
                o.integer("comments", 50_000));
        Report.publish(o.path("out", "docs/BENCHMARKS.md"), "GitHub connector", bench.run());
    }

    private String run() throws Exception {
        try (FakeGitHub fake = FakeGitHub.start()) {
            fake.token("bench-token", "octo");
            fake.rateLimit(1_000_000); // the budget is GitHub's business; measured here: our requests
            seed(fake);
            try (BenchHost host = BenchHost.start(dist, "-Xmx1g -XX:+ExitOnOutOfMemoryError", home -> {
                try (Stream<Path> jars = Files.list(home.resolve("connectors/github"))) {
                    for (Path jar : jars.toList()) {
                        Files.copy(jar, home.resolve("deploy").resolve(jar.getFileName()));
                    }
                }
            })) {
                BenchHost.send(host.request("/api/v1/instances/" + INSTANCE + "/secrets/token")
                        .PUT(HttpRequest.BodyPublishers.ofString("bench-token")));
                Files.writeString(host.home.resolve("etc/dev.tributary.connector.github~" + INSTANCE + ".cfg"),
                        "apiUrl = " + fake.apiUrl() + "\nschedule = manual\n");
                host.awaitInstances(list -> list.stream().anyMatch(i -> INSTANCE.equals(i.path("instanceId").asText())), Duration.ofSeconds(60));

                long documents = repos + issues + comments;
                fake.clearRequests();
                long t0 = System.nanoTime();
                host.post("/api/v1/instances/" + INSTANCE + "/sync");
                JsonNode full = host.awaitRun(INSTANCE, 0, Duration.ofMinutes(30));
                double synced = (System.nanoTime() - t0) / 1e9;
                if (full.path("added").asLong() != documents) {
                    throw new IllegalStateException("the full sync added " + full.path("added").asLong() + " documents, expected " + documents
                            + ": " + full);
                }
                host.awaitHealth(h -> BenchHost.indexedDocuments(h) == documents, Duration.ofMinutes(10));
                double searchable = (System.nanoTime() - t0) / 1e9;
                int fullRequests = fake.requests().size();
                System.out.printf(Locale.ROOT, "full sync: %d documents stored in %.1f s, searchable in %.1f s, %d requests%n", documents,
                        synced, searchable, fullRequests);

                fake.clearRequests();
                long t1 = System.nanoTime();
                host.post("/api/v1/instances/" + INSTANCE + "/sync");
                JsonNode unchanged = host.awaitRun(INSTANCE, full.path("id").asLong(), Duration.ofMinutes(5));
                double unchangedSeconds = (System.nanoTime() - t1) / 1e9;
                List<Recorded> requests = fake.requests();
                Map<Integer, Long> byStatus = requests.stream().collect(Collectors.groupingBy(Recorded::status, TreeMap::new, Collectors.counting()));
                System.out.printf(Locale.ROOT, "unchanged incremental sync: %.2f s, %d requests %s%n", unchangedSeconds, requests.size(), byStatus);
                return report(documents, full, synced, searchable, fullRequests, unchanged, unchangedSeconds, requests, byStatus);
            }
        }
    }

    /** {@code repos} public repositories; issues (every tenth a pull request) and comments spread evenly. */
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
            }
        }
    }

    private String report(long documents, JsonNode full, double synced, double searchable, int fullRequests, JsonNode unchanged,
            double unchangedSeconds, List<Recorded> requests, Map<Integer, Long> byStatus) {
        long listings = 1 + 2L * repos; // the repository listing, and per repository its issues and its comments
        boolean oneEach = requests.size() == listings && byStatus.getOrDefault(304, 0L) == listings;
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Written by `bench/run` (%s). The GitHub connector deployed in a fresh host (`-Xmx1g`) syncing "
                + "from the test kit's fake GitHub (`FakeGitHub`, same JVM as the benchmark, over HTTP on 127.0.0.1): %,d public "
                + "repositories, %,d issues and pull requests, %,d comments (texts from `Corpus`). Full sync = from "
                + "`POST /api/v1/instances/gh/sync` until its run ended, and until `/health` shows every item in the index.%n%n",
                java.time.LocalDate.now(), repos, issues, comments));
        b.append("| measurement | result | goal | met |\n|---|---|---|---|\n");
        b.append(String.format(Locale.ROOT, "| full sync, stored | %,d documents in %.1f s = %,.0f docs/s (%,d requests) | | |%n", documents, synced,
                documents / synced, fullRequests));
        b.append(String.format(Locale.ROOT, "| full sync, searchable | %.1f s = %,.0f docs/s | | |%n", searchable, documents / searchable));
        b.append(String.format(Locale.ROOT, "| incremental sync, nothing changed: requests | %d (%s) for %d listings | one conditional request "
                + "per listing, answered 304 | %s |%n", requests.size(), byStatus.entrySet().stream().map(e -> e.getValue() + "× " + e.getKey())
                .collect(Collectors.joining(", ")), listings, oneEach ? "yes" : "no"));
        b.append(String.format(Locale.ROOT, "| incremental sync, nothing changed: time | %.2f s (added %d, updated %d, deleted %d) | | |%n",
                unchangedSeconds, unchanged.path("added").asLong(), unchanged.path("updated").asLong(), unchanged.path("deleted").asLong()));
        b.append(String.format(Locale.ROOT, "%nFull run as recorded: seen %d, added %d, failed %d.%n", full.path("seen").asLong(),
                full.path("added").asLong(), full.path("failed").asLong()));
        return b.toString();
    }
}
