package dev.tributary.connector.github.internal;

import dev.tributary.api.connector.Connector;
import dev.tributary.api.http.HttpClients;
import dev.tributary.http.internal.HttpToolkit;
import dev.tributary.testkit.ConnectorContract;
import dev.tributary.testkit.github.FakeGitHub;
import dev.tributary.testkit.github.Issue;
import dev.tributary.testkit.github.Repo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/**
 * The test kit's contract against the fake GitHub. Every run lists everything here
 * ({@code reconcileEvery = 0s}), so a deleted issue disappears at the next run; with the default
 * (daily) it disappears at the next full listing or with its webhook (GitHubConnectorTest).
 */
class GitHubContractTest extends ConnectorContract {

    private final List<FakeGitHub> fakes = new ArrayList<>();

    @AfterEach
    void stop() {
        fakes.forEach(FakeGitHub::close);
    }

    final class GitHub implements Source {
        final FakeGitHub fake = FakeGitHub.start();
        final List<Issue> issues = new ArrayList<>();

        GitHub() {
            fakes.add(fake);
            fake.token("t0k3n", "octo");
        }

        @Override
        public void seed() {
            Repo repo = fake.repo("octo", "handbook", false);
            repo.description("How we work").readme("# Handbook\nEverything about onboarding.");
            for (int i = 1; i <= 3; i++) {
                issues.add(repo.issue("Question " + i, "Where is the kumquat " + i + "?", "octo"));
            }
            issues.add(repo.pullRequest("Add travel policy", "Trains before flights.", "octo"));
            issues.get(0).comment("octo", "In the kitchen.");
            fake.advance(Duration.ofMinutes(1));
        }

        @Override
        public String modifyOne() {
            fake.advance(Duration.ofMinutes(5));
            issues.get(0).edit("Question 1 (answered)", "It was in the kitchen.");
            return Items.issueId("octo/handbook", issues.get(0).number());
        }

        @Override
        public String deleteOne() {
            issues.get(1).delete();
            return Items.issueId("octo/handbook", issues.get(1).number());
        }

        @Override
        public String addWithUnknownVisibility() {
            // octo reads acme's private repository through a team, but may not list who else can
            fake.organization("acme", "octo");
            Repo secret = fake.repo("acme", "secret", true);
            secret.team("acme", "readers", "octo");
            return Items.issueId("acme/secret", secret.issue("Salaries", "confidential", "boss").number());
        }
    }

    @Override
    protected Source newSource() {
        return new GitHub();
    }

    @Override
    protected Connector connector(Source source) {
        return new GitHubConnector(Configs.of(((GitHub) source).fake.apiUrl(), "0s"), "1.0.0");
    }

    @Override
    protected Map<String, Object> configuration(Source source) {
        return Map.of();
    }

    @Override
    protected Map<String, String> secrets(Source source) {
        return Map.of(GitHubConnector.TOKEN, "t0k3n");
    }

    @Override
    protected HttpClients http() {
        return new HttpToolkit();
    }
}
