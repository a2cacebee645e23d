package dev.tributary.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.testkit.github.Delivery;
import dev.tributary.testkit.github.FakeGitHub;
import dev.tributary.testkit.github.Issue;
import dev.tributary.testkit.github.Repo;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The GitHub connector end to end on a real host, against the test kit's fake GitHub: dropped into
 * deploy/, its token set with the CLI, an instance made with a .cfg file, synced and searched with
 * GitHub's permissions; then a signed webhook brings an edit into search within seconds.
 */
class GitHubIT extends RunningHost {

    private static final String CFG = "dev.tributary.connector.github~gh.cfg";

    @Test
    void dropConfigureSyncSearchAndFollowASignedWebhook() throws Exception {
        try (FakeGitHub fake = FakeGitHub.start()) {
            fake.token("t0k3n", "octo");
            Repo handbook = fake.repo("octo", "handbook", false).description("How we work");
            Issue question = handbook.issue("Where is the kumquat?", "Asking for a friend.", "octo");
            fake.organization("acme", "octo");
            Repo plans = fake.repo("acme", "plans", true);
            plans.collaborator("octo");
            plans.issue("Budget", "The quokka budget is confidential.", "octo");

            startWithConnector("github");
            assertThat(cli.runWithInput("t0k3n\n", "secret", "set", "gh", "token").exitCode()).isZero();
            assertThat(cli.runWithInput("hook-secret\n", "secret", "set", "gh", "webhookSecret").exitCode()).isZero();
            Files.writeString(dist.etc().resolve(CFG), "apiUrl = " + fake.apiUrl() + "\nschedule = manual\n");
            await("instance gh appears").atMost(Duration.ofSeconds(20)).until(() -> cli.run("instances", "--json").out().contains("\"gh\""));

            Cli.Result sync = cli.run("sync", "gh", "--wait");
            assertThat(sync.exitCode()).as(sync.all()).isZero();
            assertThat(sync.out()).contains("succeeded");
            JsonNode hit = awaitHits("kumquat", "user:nobody", 1).path("hits").get(0);
            assertThat(hit.path("url").asText()).isEqualTo(fake.htmlBase() + "octo/handbook/issues/1");
            assertThat(hit.path("container").asText()).isEqualTo("octo/handbook");
            // a private repository: its collaborators only
            assertThat(search("quokka", "user:nobody").path("total").asLong()).isZero();
            assertThat(search("quokka", "user:github/octo").path("total").asLong()).isEqualTo(1);

            // an edit at GitHub, announced by a signed webhook: searchable without a sync
            fake.advance(Duration.ofMinutes(1));
            question.edit("Where is the kumquat? (found)", "It was behind the pangolin.");
            Delivery delivery = fake.delivery("hook-secret", "issues", "edited", question);
            assertThat(delivery.postTo(URI.create(dist.url("/hooks/gh")))).isEqualTo(202);
            awaitHits("pangolin", "user:nobody", 1);

            // a forged one is refused and logged once, without its body
            Delivery forged = fake.delivery("not-the-secret", "issues", "edited", question);
            assertThat(forged.postTo(URI.create(dist.url("/hooks/gh")))).isEqualTo(401);
            await("the refusal is logged").atMost(Duration.ofSeconds(5)).until(() -> Files.readString(dist.log()).contains("X-Hub-Signature-256"));
            assertThat(Files.readString(dist.log())).doesNotContain("behind the pangolin", "t0k3n", "hook-secret");
        }
    }
}
