package dev.tributary.connector.github.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.connector.WebhookDelivery;
import dev.tributary.api.store.Run;
import dev.tributary.http.internal.HttpToolkit;
import dev.tributary.testkit.ConnectorHarness;
import dev.tributary.testkit.github.Comment;
import dev.tributary.testkit.github.Delivery;
import dev.tributary.testkit.github.FakeGitHub;
import dev.tributary.testkit.github.GitHubOpenApi;
import dev.tributary.testkit.github.Issue;
import dev.tributary.testkit.github.Repo;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Webhook deliveries as GitHub sends them, handled as targeted refreshes: what they name is fetched again. */
class GitHubWebhookTest {

    private static final String SECRET = "hook-secret";
    private FakeGitHub fake;
    private Repo plans;
    private Issue roadmap;
    private Issue pull;
    private Comment note;
    private ConnectorHarness h;

    @BeforeEach
    void syncOnce() {
        fake = FakeGitHub.start();
        fake.token(Configs.TOKEN, "octo");
        fake.organization("acme", "octo", "ann");
        plans = fake.repo("acme", "plans", false);
        plans.collaborator("octo");
        roadmap = plans.issue("Roadmap", "Q3 plans", "octo");
        pull = plans.pullRequest("Budget", "numbers", "ann");
        note = roadmap.comment("ann", "Looks good");
        fake.advance(Duration.ofMinutes(1));
        h = Configs.harness(Configs.of(fake.apiUrl(), "1d"), new HttpToolkit());
        h.vault().put(ConnectorHarness.INSTANCE, "webhookSecret", SECRET.toCharArray());
        assertThat(h.run().status()).isEqualTo("succeeded");
        fake.clearRequests();
    }

    @AfterEach
    void stop() {
        assertThat(fake.contractViolations(GitHubOpenApi.fromSystemProperty())).isEmpty();
        fake.close();
    }

    private Run deliver(Delivery d) throws Exception {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        d.headers().forEach((k, v) -> headers.put(k, List.of(v)));
        Run run = h.deliver(new WebhookDelivery(headers, d.body(), Instant.now()));
        assertThat(run.status()).as("%s", run.error()).isEqualTo("succeeded");
        assertThat(run.mode()).isEqualTo("webhook");
        return run;
    }

    private String text(String id) {
        return h.documents().get(id).document().text();
    }

    @Test
    void editedIssuesPullRequestsAndCommentsAreFetchedAgainNotTakenFromThePayload() throws Exception {
        Delivery stale = fake.delivery(SECRET, "issues", "edited", roadmap); // the payload of before the edit
        roadmap.edit("Roadmap", "Q4 plans");
        pull.edit("Budget", "new numbers");
        note.edit("Looks great");

        deliver(stale);
        deliver(fake.delivery(SECRET, "pull_request", "edited", pull));
        deliver(fake.delivery(SECRET, "issue_comment", "edited", note));

        assertThat(text(Items.issueId("acme/plans", roadmap.number()))).as("what GitHub has now").isEqualTo("Q4 plans");
        assertThat(text(Items.issueId("acme/plans", pull.number()))).isEqualTo("new numbers");
        assertThat(text(Items.commentId("acme/plans", note.id()))).isEqualTo("Looks great");
        assertThat(fake.requests()).as("one item fetched each, not a listing").noneMatch(r -> r.path().endsWith("/issues")
                || r.path().endsWith("/issues/comments"));
    }

    @Test
    void deletedAndTransferredItemsDisappear() throws Exception {
        Delivery commentDeleted = fake.delivery(SECRET, "issue_comment", "deleted", note);
        note.delete();
        deliver(commentDeleted);
        assertThat(h.documents()).doesNotContainKey(Items.commentId("acme/plans", note.id()));

        Repo archive = fake.repo("acme", "archive", false);
        roadmap.transfer(archive);
        deliver(fake.delivery(SECRET, "issues", "edited", roadmap)); // even an edit event: it is not in acme/plans any more
        assertThat(h.documents()).doesNotContainKey(Items.issueId("acme/plans", roadmap.number()));
    }

    @Test
    void aRepositoryMadePrivateIsRepermissionedAndADeletedOneDisappears() throws Exception {
        plans.setPrivate(true);
        deliver(fake.delivery(SECRET, "repository", "privatized", plans));
        assertThat(h.documents().values()).filteredOn(d -> d.document().container().equals("acme/plans"))
                .isNotEmpty().allSatisfy(d -> assertThat(d.document().principals()).contains("user:github/octo").doesNotContain("everyone"));

        Delivery deleted = fake.delivery(SECRET, "repository", "deleted", plans);
        plans.delete();
        deliver(deleted);
        assertThat(h.documents().keySet()).noneMatch(id -> id.startsWith("acme/plans/"));
    }

    @Test
    void aDeliveryThatSaysDeletedDeletesOnlyWhatGitHubNoLongerHas() throws Exception {
        Map<String, String> before = hashes();
        // signed, but stale or wrong: the issue, the comment and the repository are all still there
        deliver(fake.delivery(SECRET, "issues", "deleted", roadmap));
        deliver(fake.delivery(SECRET, "issue_comment", "deleted", note));
        deliver(fake.delivery(SECRET, "repository", "deleted", plans));
        assertThat(hashes()).as("nothing changed").isEqualTo(before);
    }

    @Test
    void aDeliveryAboutARepositoryTheInstanceDoesNotSyncIsIgnored() throws Exception {
        Repo other = fake.repo("acme", "other", false);
        Issue elsewhere = other.issue("Elsewhere", "Not synced here", "octo");
        ConnectorHarness only = Configs.harness(Configs.of(fake.apiUrl(), "1d", "acme/plans"), new HttpToolkit());
        only.vault().put(ConnectorHarness.INSTANCE, "webhookSecret", SECRET.toCharArray());
        assertThat(only.run().status()).isEqualTo("succeeded");
        Map<String, List<String>> headers = new LinkedHashMap<>();
        Delivery d = fake.delivery(SECRET, "issues", "opened", elsewhere);
        d.headers().forEach((k, v) -> headers.put(k, List.of(v)));

        Run run = only.deliver(new WebhookDelivery(headers, d.body(), Instant.now()));
        assertThat(run.status()).isEqualTo("succeeded");
        assertThat(only.documents().keySet()).noneMatch(id -> id.startsWith("acme/other/"));
    }

    private Map<String, String> hashes() {
        Map<String, String> hashes = new java.util.TreeMap<>();
        h.documents().forEach((id, d) -> hashes.put(id, d.contentHash()));
        return hashes;
    }
}
