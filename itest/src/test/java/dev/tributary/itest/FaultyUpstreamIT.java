package dev.tributary.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.Response;
import dev.tributary.testkit.github.FakeGitHub;
import dev.tributary.testkit.github.Repo;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A GitHub sync on a real host through an unreliable network: the fake GitHub behind a WireMock
 * proxy that answers 30 % of requests with 503, sends bursts of 429 with Retry-After, resets
 * connections and cuts JSON bodies short. The sync must end with exactly the source's documents,
 * and no request may reach the proxy before the time its last 429 asked for.
 */
class FaultyUpstreamIT extends RunningHost {

    private static final String CFG = "dev.tributary.connector.github~flaky.cfg";
    private static final int REPOS = 4;
    private static final int ISSUES_PER_REPO = 250;
    private static final int COMMENTS_PER_ISSUE = 2;

    /** The faults, decided per request with a seeded random so a failure can be replayed. */
    static final class Faults implements FaultProxy.Fault {
        final Random random;
        /** A request arriving before this instant breaks the contract of the last 429's Retry-After. */
        Instant notBefore = Instant.MIN;
        int burstLeft;
        final List<String> early = new CopyOnWriteArrayList<>();
        final List<String> served = new CopyOnWriteArrayList<>();
        int unavailable;
        int tooMany;
        int resets;
        int truncated;
        int seen;

        Faults(long seed) {
            this.random = new Random(seed);
        }

        @Override
        public synchronized Response apply(Request request, Response response) {
            Instant now = Instant.now();
            String what = request.getMethod() + " " + request.getUrl();
            if (now.isBefore(notBefore)) {
                early.add(what + " at " + now + ", asked to wait until " + notBefore);
            }
            seen++;
            // each kind of fault at least once early on (a proof that saw none would prove little), then at random
            if (burstLeft == 0 && (seen == 5 || random.nextInt(40) == 0)) {
                burstLeft = 2 + random.nextInt(3);
            }
            if (burstLeft > 0) {
                burstLeft--;
                tooMany++;
                notBefore = now.plusSeconds(1);
                served.add(what + " -> 429");
                return Response.Builder.like(response).but().status(429)
                        .headers(new HttpHeaders(new HttpHeader("Content-Type", "application/json"), new HttpHeader("Retry-After", "1")))
                        .body("{\"message\":\"You have exceeded a secondary rate limit.\"}").build();
            }
            int dice = seen == 9 ? 30 : seen == 13 ? 35 : random.nextInt(100);
            if (dice < 30) {
                unavailable++;
                served.add(what + " -> 503");
                return Response.Builder.like(response).but().status(503)
                        .headers(new HttpHeaders(new HttpHeader("Content-Type", "application/json")))
                        .body("{\"message\":\"Service Unavailable\"}").build();
            }
            if (dice < 35) {
                resets++;
                served.add(what + " -> reset");
                return Response.Builder.like(response).but().fault(Fault.CONNECTION_RESET_BY_PEER).build();
            }
            byte[] whole = response.getBody();
            if (dice < 40 && whole.length > 20) {
                truncated++;
                served.add(what + " -> truncated");
                // half of the JSON, while the headers announce all of it: the connection ends mid-body
                return Response.Builder.like(response).but()
                        .headers(response.getHeaders().plus(new HttpHeader("Content-Length", Integer.toString(whole.length))))
                        .body(java.util.Arrays.copyOf(whole, whole.length / 2)).build();
            }
            served.add(what + " -> " + response.getStatus());
            return response;
        }
    }

    @Test
    void aGitHubSyncThroughFaultsEndsWithExactlyTheSourcesDocumentsAndRespectsRetryAfter() throws Exception {
        long seed = Long.getLong("faults.seed", System.nanoTime());
        System.out.println("FaultyUpstreamIT seed: " + seed + " (replay with -Dfaults.seed=" + seed + ")");
        try (FakeGitHub fake = FakeGitHub.start()) {
            fake.token("t0k3n", "octo");
            int expected = 0;
            for (int r = 0; r < REPOS; r++) {
                Repo repo = fake.repo("octo", "repo-" + r, false).description("Repository " + r);
                expected++;
                for (int i = 0; i < ISSUES_PER_REPO; i++) {
                    var issue = i % 4 == 0 ? repo.pullRequest("Change " + r + "-" + i, "A zebra-striped change " + i, "octo")
                            : repo.issue("Question " + r + "-" + i, "A zebra-striped question " + i, "octo");
                    expected++;
                    for (int c = 0; c < COMMENTS_PER_ISSUE; c++) {
                        issue.comment("octo", "Answer " + c + " to " + r + "-" + i);
                        expected++;
                    }
                }
            }
            Faults faults = new Faults(seed);
            try (FaultProxy proxy = FaultProxy.start(fake.apiUrl(), faults)) {
                startWithConnector("github");
                assertThat(cli.runWithInput("t0k3n\n", "secret", "set", "flaky", "token").exitCode()).isZero();
                // patient enough for this much trouble (more retries than the default), with short waits between them
                Files.writeString(dist.etc().resolve(CFG), "apiUrl = " + proxy.url() + "\nschedule = manual\n"
                        + "repositories = octo/*\nhttp.maxRetries = 12\nhttp.backoff = PT0.2S\nhttp.maxBackoff = 2s\n");
                await("instance flaky appears").atMost(Duration.ofSeconds(20))
                        .until(() -> cli.run("instances", "--json").out().contains("\"flaky\""));

                Cli.Result sync = cli.run("sync", "flaky", "--wait");
                assertThat(sync.exitCode()).as(sync.all()).isZero();
                assertThat(sync.out()).as(sync.all()).contains("succeeded");

                JsonNode instance = JSON.readTree(cli.run("instances", "--json").out()).path("instances").get(0);
                assertThat(instance.path("documents").asLong()).as("documents stored").isEqualTo(expected);
                assertThat(awaitHits("zebra", "user:nobody", REPOS * ISSUES_PER_REPO).path("total").asLong())
                        .as("every issue and pull request searchable once").isEqualTo(REPOS * ISSUES_PER_REPO);

                System.out.printf("FaultyUpstreamIT: %d requests through the proxy: %d x 503, %d x 429, %d resets, %d truncated%n",
                        faults.served.size(), faults.unavailable, faults.tooMany, faults.resets, faults.truncated);
                assertThat(faults.unavailable).as("503s served").isGreaterThan(10);
                assertThat(faults.tooMany).as("429s served").isGreaterThan(0);
                assertThat(faults.resets + faults.truncated).as("resets and truncated bodies served").isGreaterThan(2);
                assertThat(faults.early).as("requests made before the time a 429 asked for").isEmpty();
                assertThat(Files.readString(dist.log())).doesNotContain("t0k3n");
            }
        }
    }
}
