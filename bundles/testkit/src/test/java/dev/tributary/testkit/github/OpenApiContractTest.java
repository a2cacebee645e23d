package dev.tributary.testkit.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Needs -Dgithub.openapi=<api.github.com.json>; the pom fetches the file and passes it. */
class OpenApiContractTest {
    private static GitHubOpenApi openApi;
    @AutoClose
    private final FakeGitHub github = FakeGitHub.start();
    private final Api api = new Api(github, "t");

    @BeforeAll
    static void load() {
        openApi = GitHubOpenApi.fromSystemProperty();
    }

    @BeforeEach
    void seed() {
        github.token("t", "octocat");
        Repo repo = github.repo("octocat", "hello", true).readme("# Hello\n").collaborator("carol");
        Issue issue = repo.issue("Bug", "It breaks", "octocat").labels("bug");
        github.advance(Duration.ofMinutes(1));
        issue.comment("carol", "me too");
        repo.pullRequest("Fix", "Fixes #1", "carol").comment("octocat", "thanks");
        repo.issue("Closed", "done", "carol").close();
        github.repo("acme", "tools", false).team("acme", "devs", "octocat", "carol").collaborator("octocat");
    }


    @Test
    void aConnectorsUsualRequestsKeepTheContract() {
        for (String path : List.of("user", "user/repos?affiliation=owner,collaborator&sort=updated&per_page=100",
                "orgs/acme/repos?type=all&per_page=100", "users/octocat/repos", "repos/octocat/hello",
                "repos/octocat/hello/readme",
                "repos/octocat/hello/issues?state=all&sort=updated&direction=asc&since=2024-01-01T10:00:00Z&per_page=100",
                "repos/octocat/hello/issues/1", "repos/octocat/hello/issues/1/comments?since=2024-01-01T10:00:00Z",
                "repos/octocat/hello/issues/comments?sort=updated&direction=asc&since=2024-01-01T10:00:00Z",
                "repos/octocat/hello/pulls?state=all&sort=updated&direction=desc", "repos/octocat/hello/collaborators",
                "repos/acme/tools/teams", "orgs/acme/teams/devs/members", "rate_limit")) {
            assertThat(api.get(path).statusCode()).as(path).isEqualTo(200);
        }

        assertThat(github.contractViolations(openApi)).isEmpty();
    }

    @Test
    void theFakesAnswersCarryEveryFieldTheSchemasRequire() {
        aConnectorsUsualRequestsKeepTheContract();
        github.repo("octocat", "shared", false).collaborator("octocat");
        api.get("repos/octocat/hello/issues/99");
        api.get("repos/octocat/shared/collaborators");

        assertThat(github.responseViolations(openApi)).isEmpty();
    }

    @Test
    void theResponseCheckCanFail() {
        Recorded issue = new Recorded("GET", "/repos/o/r/issues/1", Map.of(), Map.of(), Instant.EPOCH, 200,
                "{\"id\":\"1\",\"user\":{\"id\":2}}");
        Recorded limits = new Recorded("GET", "/rate_limit", Map.of(), Map.of(), Instant.EPOCH, 200,
                "{\"rate\":{\"limit\":1,\"used\":0,\"remaining\":1,\"reset\":null},\"resources\":{"
                        + "\"core\":{\"limit\":\"x\",\"used\":0,\"remaining\":1,\"reset\":1},"
                        + "\"search\":{\"limit\":1,\"used\":0,\"remaining\":1,\"reset\":1}}}");

        assertThat(openApi.checkResponse(issue)).contains("$ lacks required field 'node_id'",
                "$.id should be integer but is string", "$.user lacks required field 'avatar_url'");
        assertThat(openApi.checkResponse(limits)).containsExactlyInAnyOrder("$.rate.reset is null but may not be",
                "$.resources.core.limit should be integer but is string");
    }

    @Test
    void anUndeclaredQueryParameterIsReported() {
        api.get("repos/octocat/hello/pulls?since=2024-01-01T10:00:00Z");

        assertThat(github.contractViolations(openApi)).singleElement().asString()
                .contains("query parameter 'since' is not a parameter of GET /repos/{owner}/{repo}/pulls");
    }

    @Test
    void aValueOutsideAnEnumIsReported() {
        api.get("repos/octocat/hello/issues?sort=popularity");

        assertThat(github.contractViolations(openApi)).singleElement().asString()
                .contains("sort=popularity is not one of");
    }

    @Test
    void perPageAboveOneHundredIsReported() {
        api.get("repos/octocat/hello/issues?per_page=250");

        assertThat(github.contractViolations(openApi)).singleElement().asString()
                .contains("per_page=250 is above the maximum 100");
    }

    @Test
    void malformedTimesAndUnknownPathsAreReported() {
        assertThat(openApi.checkRequest("GET", "/repos/o/r/issues", Map.of("since", List.of("2024-01-01"))))
                .singleElement().asString().contains("not an ISO 8601 time");
        assertThat(openApi.checkRequest("GET", "/repos/o/r/issue", Map.of())).singleElement().asString()
                .contains("no path");
        assertThat(openApi.checkRequest("DELETE", "/rate_limit", Map.of())).singleElement().asString()
                .contains("DELETE is not an operation");
    }

    @Test
    void literalSegmentsWinOverParameters() {
        assertThat(openApi.operationId("GET", "/repos/o/r/issues/comments")).hasValue("issues/list-comments-for-repo");
        assertThat(openApi.operationId("GET", "/repos/o/r/issues/12")).hasValue("issues/get");
    }

    @Test
    void aMissingFileSaysHowToGetIt() {
        assertThatThrownBy(() -> GitHubOpenApi.load(Path.of("target/does-not-exist.json")))
                .hasMessageContaining("npm pack @octokit/openapi@23.0.2");
    }
}
