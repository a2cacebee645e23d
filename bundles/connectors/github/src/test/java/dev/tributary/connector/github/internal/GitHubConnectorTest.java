package dev.tributary.connector.github.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tributary.api.store.Run;
import dev.tributary.api.store.StoredDocument;
import dev.tributary.http.internal.HttpToolkit;
import dev.tributary.testkit.ConnectorHarness;
import dev.tributary.testkit.github.Comment;
import dev.tributary.testkit.github.FakeGitHub;
import dev.tributary.testkit.github.GitHubOpenApi;
import dev.tributary.testkit.github.Issue;
import dev.tributary.testkit.github.Recorded;
import dev.tributary.testkit.github.Repo;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the connector asks GitHub and what it makes of the answers, against the test kit's fake. */
class GitHubConnectorTest {

    private static final GitHubOpenApi OPENAPI = GitHubOpenApi.fromSystemProperty();
    private FakeGitHub fake;
    private Repo handbook;
    private Issue question;
    private Comment answer;

    @BeforeEach
    void start() {
        fake = FakeGitHub.start();
        fake.token(Configs.TOKEN, "octo");
        handbook = fake.repo("octo", "handbook", false).description("How we work").readme("# Handbook\nOnboarding.");
        question = handbook.issue("Where is the kumquat?", "Asking for a friend.", "octo");
        answer = question.comment("ann", "In the kitchen.");
        handbook.pullRequest("Travel policy", "Trains before flights.", "octo");
        fake.advance(Duration.ofMinutes(2));
    }

    @AfterEach
    void stop() {
        assertThat(fake.contractViolations(OPENAPI)).as("requests that break GitHub's OpenAPI description").isEmpty();
        fake.close();
    }

    private ConnectorHarness harness(String reconcileEvery, HttpToolkit toolkit, String... repositories) {
        return Configs.harness(Configs.of(fake.apiUrl(), reconcileEvery, repositories), toolkit);
    }

    private ConnectorHarness harness() {
        return harness("1d", new HttpToolkit());
    }

    private static Run succeeded(Run run) {
        assertThat(run.status()).as("run error: %s", run.error()).isEqualTo("succeeded");
        return run;
    }

    @Test
    void repositoriesIssuesPullRequestsAndCommentsBecomeDocumentsCitingGitHub() {
        ConnectorHarness h = harness();
        succeeded(h.run());

        Map<String, StoredDocument> docs = h.documents();
        assertThat(docs).containsOnlyKeys("octo/handbook/", "octo/handbook/issues/1", "octo/handbook/issues/2",
                Items.commentId("octo/handbook", commentId()));
        StoredDocument repo = docs.get("octo/handbook/");
        assertThat(repo.document().text()).contains("How we work", "Onboarding.");
        assertThat(repo.document().url()).isEqualTo(fake.htmlBase() + "octo/handbook");
        StoredDocument pr = docs.get("octo/handbook/issues/2");
        assertThat(pr.document().title()).isEqualTo("PR #2 Travel policy");
        assertThat(pr.document().url()).isEqualTo(fake.htmlBase() + "octo/handbook/pull/2");
        StoredDocument comment = docs.get(Items.commentId("octo/handbook", commentId()));
        assertThat(comment.document().url()).isEqualTo(fake.htmlBase() + "octo/handbook/issues/1#issuecomment-" + commentId());
        assertThat(comment.document().author()).isEqualTo("ann");
        assertThat(docs.values()).allSatisfy(d -> assertThat(d.document().principals()).containsExactly("everyone"));
    }

    private long commentId() {
        return answer.id();
    }

    @Test
    void anUnchangedSourceCostsOneConditionalRequestPerListingAllAnswered304() {
        ConnectorHarness h = harness();
        succeeded(h.run());
        int writes = h.store().writes();
        fake.clearRequests();

        succeeded(h.run());

        List<Recorded> requests = fake.requests();
        assertThat(requests).extracting(Recorded::path).containsExactly("/user/repos", "/repos/octo/handbook/issues",
                "/repos/octo/handbook/issues/comments");
        assertThat(requests).allSatisfy(r -> {
            assertThat(r.status()).as(r.toString()).isEqualTo(304);
            assertThat(r.header("if-none-match")).as(r.toString()).isPresent();
        });
        assertThat(h.store().writes()).isEqualTo(writes);
    }

    @Test
    void anIncrementalRunAsksOnlyForWhatChangedSinceWithAnOverlapAndWritesIt() {
        ConnectorHarness h = harness();
        succeeded(h.run());
        fake.advance(Duration.ofMinutes(10));
        question.edit("Where is the kumquat? (solved)", "Found it.");
        fake.clearRequests();

        Run run = succeeded(h.run());

        assertThat(run.updated()).isEqualTo(1);
        assertThat(h.documents().get("octo/handbook/issues/1").document().text()).isEqualTo("Found it.");
        Recorded issues = fake.requests().stream().filter(r -> r.path().equals("/repos/octo/handbook/issues")).findFirst().orElseThrow();
        // the last change read was 2 minutes before the first run's end of the clock: since = that − 1 min overlap
        assertThat(issues.queryParam("since")).hasValue("2024-01-01T10:00:00Z".replace("10:00:00", "09:59:00"));
        assertThat(issues.queryParam("sort")).hasValue("updated");
    }

    @Test
    void aChangeOnALaterPageOfAListingIsNotHiddenByItsUnchangedFirstPage() {
        Issue last = null;
        for (int i = 0; i < 150; i++) {
            last = handbook.issue("Bulk " + i, "bulk import", "octo"); // one bulk import: the same minute, two pages
        }
        ConnectorHarness h = harness();
        succeeded(h.run());
        succeeded(h.run());
        fake.advance(Duration.ofSeconds(1));
        last.edit("Bulk (edited)", "changed on page two");

        Run run = succeeded(h.run());

        assertThat(run.updated()).isEqualTo(1);
        assertThat(h.documents().get(Items.issueId("octo/handbook", last.number())).document().text()).isEqualTo("changed on page two");
    }

    @Test
    void aPrivateRepositoryIsReadableByItsCollaboratorsAndTeamsAndTurningPrivateRepermissionsEverything() {
        fake.organization("acme", "octo", "ann");
        Repo plans = fake.repo("acme", "plans", false);
        plans.collaborator("octo");
        plans.team("acme", "design", "ann");
        plans.issue("Roadmap", "Q3 plans", "octo");
        ConnectorHarness h = harness();
        succeeded(h.run());
        assertThat(h.documents().get("acme/plans/issues/1").document().principals()).containsExactly("everyone");

        plans.setPrivate(true);
        succeeded(h.run());

        assertThat(h.documents().get("acme/plans/issues/1").document().principals())
                .containsExactlyInAnyOrder("user:github/octo", "user:github/ann", "group:github/acme/design");
        assertThat(h.documents().get("acme/plans/").document().principals()).contains("group:github/acme/design");
    }

    @Test
    void aPrivateRepositoryWhoseReadersCannotBeListedIsNeverVisible() {
        fake.organization("acme", "octo");
        Repo secret = fake.repo("acme", "secret", true);
        secret.team("acme", "readers", "octo"); // octo reads, but may not list collaborators
        secret.issue("Salaries", "confidential", "boss");
        ConnectorHarness h = harness();
        succeeded(h.run());

        assertThat(h.documents().get("acme/secret/issues/1").document().principals()).isEmpty();
    }

    @Test
    void aDeletedIssueAndARepositoryNoLongerListedDisappearAtTheNextFullListing() {
        Repo other = fake.repo("octo", "scratch", false);
        other.issue("Temp", "temporary", "octo");
        ConnectorHarness h = harness("0s", new HttpToolkit());
        succeeded(h.run());
        assertThat(h.documents()).containsKey("octo/scratch/issues/1");

        handbook.issue("Spam", "spam", "octo").delete();
        question.delete();
        other.delete();
        succeeded(h.run());

        assertThat(h.documents()).doesNotContainKeys("octo/handbook/issues/1", "octo/scratch/issues/1", "octo/scratch/");
        assertThat(h.documents()).containsKey("octo/handbook/issues/2");
    }

    @Test
    void secondaryRateLimitsAreWaitedOutNotFailed() {
        fake.secondaryLimit(2, Duration.ofSeconds(1));
        ConnectorHarness h = harness();

        succeeded(h.run());

        assertThat(fake.requests()).filteredOn(r -> r.status() == 403).hasSize(2);
        assertThat(h.documents()).containsKey("octo/handbook/issues/1");
    }

    @Test
    void aSpentPrimaryRateLimitIsWaitedOutUntilItsReset() throws Exception {
        fake.rateLimit(3);
        ConnectorHarness h = harness("1d", new HttpToolkit(fake.clock()));

        CompletableFuture<Run> run = CompletableFuture.supplyAsync(h::run);
        await("the budget runs out").atMost(Duration.ofSeconds(20)).until(() -> fake.requests().stream().anyMatch(r -> r.status() == 403));
        assertThat(run).isNotDone();
        fake.advance(Duration.ofHours(1)); // GitHub's hour passes: the budget refills
        // and time goes on, as it does (the client may have read the clock before the hour passed)
        await("the run ends once the limit is reset").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            fake.advance(Duration.ofSeconds(1));
            return run.isDone();
        });

        succeeded(run.get(1, TimeUnit.SECONDS));
        assertThat(h.documents()).hasSize(4);
    }

    @Test
    void onlyTheConfiguredRepositoriesAreSynced() {
        fake.repo("octo", "other", false).issue("Elsewhere", "x", "octo");
        ConnectorHarness h = harness("1d", new HttpToolkit(), "octo/handbook");
        succeeded(h.run());
        assertThat(h.documents().keySet()).allSatisfy(id -> assertThat(id).startsWith("octo/handbook/"));
        assertThat(Set.copyOf(h.documents().keySet())).isNotEmpty();
    }
}
