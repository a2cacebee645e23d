package dev.tributary.testkit.github;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SinceAndSortTest {
    @AutoClose
    private final FakeGitHub github = FakeGitHub.start();
    private final Api api = new Api(github, "t");
    private Repo repo;
    private Issue first;
    private Issue second;
    private Issue third;

    @BeforeEach
    void seed() {
        github.token("t", "octocat");
        repo = github.repo("octocat", "hello", false);
        first = repo.issue("first", "a", "octocat"); // 10:00:00
        github.advance(Duration.ofMinutes(1));
        second = repo.issue("second", "b", "octocat"); // 10:01:00
        github.advance(Duration.ofMinutes(1));
        third = repo.pullRequest("third", "c", "octocat"); // 10:02:00
        github.advance(Duration.ofMinutes(1));
    }


    @Test
    void timestampsAreWholeSecondsInUtc() {
        github.advance(Duration.ofMillis(1500));
        first.edit("first!", "a");

        JsonNode issue = api.json("repos/octocat/hello/issues/1");

        assertThat(issue.get("created_at").asText()).isEqualTo("2024-01-01T10:00:00Z");
        assertThat(issue.get("updated_at").asText()).isEqualTo("2024-01-01T10:03:01Z");
        assertThat(issue.get("closed_at").isNull()).isTrue();
    }

    @Test
    void sinceIsInclusiveOnUpdatedAt() {
        assertThat(numbers("repos/octocat/hello/issues?since=2024-01-01T10:01:00Z")).containsExactly(3, 2);
        assertThat(numbers("repos/octocat/hello/issues?since=2024-01-01T10:01:01Z")).containsExactly(3);
    }

    @Test
    void anEditMovesAnIssueIntoTheSinceWindowAndToTheFrontOfUpdatedOrder() {
        first.edit("first, edited", "a2"); // 10:03:00

        assertThat(numbers("repos/octocat/hello/issues?since=2024-01-01T10:03:00Z")).containsExactly(1);
        assertThat(numbers("repos/octocat/hello/issues?sort=updated&direction=asc")).containsExactly(2, 3, 1);
        assertThat(numbers("repos/octocat/hello/issues?sort=updated")).containsExactly(1, 3, 2);
    }

    @Test
    void defaultIsOpenOnlyNewestCreatedFirstWithPullRequestsIncluded() {
        second.close();

        List<JsonNode> open = api.all("repos/octocat/hello/issues");

        assertThat(open).extracting(i -> i.get("number").asInt()).containsExactly(3, 1);
        assertThat(open.get(0).get("pull_request").get("html_url").asText())
                .isEqualTo(github.htmlBase() + "octocat/hello/pull/3");
        assertThat(open.get(1).has("pull_request")).isFalse();
        assertThat(numbers("repos/octocat/hello/issues?state=closed")).containsExactly(2);
        assertThat(numbers("repos/octocat/hello/issues?state=all&direction=asc")).containsExactly(1, 2, 3);
    }

    @Test
    void closingStampsClosedAtAndUpdatedAt() {
        second.close();

        JsonNode issue = api.json("repos/octocat/hello/issues/2");

        assertThat(issue.get("state").asText()).isEqualTo("closed");
        assertThat(issue.get("closed_at").asText()).isEqualTo("2024-01-01T10:03:00Z");
        assertThat(issue.get("updated_at").asText()).isEqualTo("2024-01-01T10:03:00Z");
    }

    @Test
    void aNewCommentMovesTheIssueButAnEditOfItMovesOnlyTheComment() {
        Comment comment = first.comment("octocat", "hi"); // 10:03:00
        github.advance(Duration.ofMinutes(1));
        comment.edit("hi again"); // 10:04:00

        JsonNode issue = api.json("repos/octocat/hello/issues/1");
        JsonNode listed = api.json("repos/octocat/hello/issues/1/comments").get(0);

        assertThat(issue.get("updated_at").asText()).isEqualTo("2024-01-01T10:03:00Z");
        assertThat(issue.get("comments").asInt()).isEqualTo(1);
        assertThat(listed.get("created_at").asText()).isEqualTo("2024-01-01T10:03:00Z");
        assertThat(listed.get("updated_at").asText()).isEqualTo("2024-01-01T10:04:00Z");
        assertThat(listed.get("body").asText()).isEqualTo("hi again");
        assertThat(listed.get("html_url").asText())
                .isEqualTo(github.htmlBase() + "octocat/hello/issues/1#issuecomment-" + comment.id());
        assertThat(listed.get("issue_url").asText()).isEqualTo(github.apiUrl() + "repos/octocat/hello/issues/1");
    }

    @Test
    void repositoryCommentsSinceAndSort() {
        Comment a = first.comment("octocat", "a"); // 10:03
        github.advance(Duration.ofMinutes(1));
        Comment b = third.comment("octocat", "b"); // 10:04
        github.advance(Duration.ofMinutes(1));
        a.edit("a2"); // 10:05

        assertThat(commentIds("repos/octocat/hello/issues/comments")).containsExactly(a.id(), b.id());
        assertThat(commentIds("repos/octocat/hello/issues/comments?since=2024-01-01T10:05:00Z")).containsExactly(a.id());
        assertThat(commentIds("repos/octocat/hello/issues/comments?sort=updated&direction=desc"))
                .containsExactly(a.id(), b.id());
        assertThat(commentIds("repos/octocat/hello/issues/comments?sort=created&direction=desc"))
                .containsExactly(b.id(), a.id());
        assertThat(api.json("repos/octocat/hello/issues/comments").get(1).get("html_url").asText())
                .endsWith("/octocat/hello/pull/3#issuecomment-" + b.id());
    }

    @Test
    void deletedCommentsLeaveListsAndTheCount() {
        Comment a = first.comment("octocat", "a");
        first.comment("octocat", "b");
        a.delete();

        assertThat(api.json("repos/octocat/hello/issues/1").get("comments").asInt()).isEqualTo(1);
        assertThat(commentIds("repos/octocat/hello/issues/comments")).doesNotContain(a.id());
        assertThat(api.get("repos/octocat/hello/issues/comments/" + a.id()).statusCode()).isEqualTo(404);
    }

    @Test
    void pullsHaveTheirOwnIdsAndUrlsAndNoIssues() {
        JsonNode pulls = api.json("repos/octocat/hello/pulls");

        assertThat(pulls).hasSize(1);
        JsonNode pull = pulls.get(0);
        assertThat(pull.get("number").asInt()).isEqualTo(3);
        assertThat(pull.get("id").asLong()).isNotEqualTo(third.id());
        assertThat(pull.get("url").asText()).isEqualTo(github.apiUrl() + "repos/octocat/hello/pulls/3");
        assertThat(pull.get("html_url").asText()).isEqualTo(github.htmlBase() + "octocat/hello/pull/3");
        assertThat(pull.get("issue_url").asText()).isEqualTo(github.apiUrl() + "repos/octocat/hello/issues/3");
    }

    @Test
    void pullsSortByUpdatedAscendingUnlessToldOtherwise() {
        Issue fourth = repo.pullRequest("fourth", "d", "octocat"); // 10:03
        github.advance(Duration.ofMinutes(1));
        third.edit("third, edited", "c2"); // 10:04

        assertThat(numbers("repos/octocat/hello/pulls")).containsExactly(4, 3);
        assertThat(numbers("repos/octocat/hello/pulls?sort=updated")).containsExactly(fourth.number(), 3);
        assertThat(numbers("repos/octocat/hello/pulls?sort=updated&direction=desc")).containsExactly(3, 4);
    }

    @Test
    void badEnumValuesAndTimesAre422() {
        assertThat(api.get("repos/octocat/hello/issues?state=opened").statusCode()).isEqualTo(422);
        assertThat(api.get("repos/octocat/hello/issues?since=yesterday").statusCode()).isEqualTo(422);
    }

    @Test
    void filtersTheFakeDoesNotImplementFailLoudly() {
        assertThat(api.get("repos/octocat/hello/issues?assignee=octocat").statusCode()).isEqualTo(501);
    }

    private List<Integer> numbers(String path) {
        return StreamSupport.stream(api.json(path).spliterator(), false).map(i -> i.get("number").asInt()).toList();
    }

    private List<Long> commentIds(String path) {
        return StreamSupport.stream(api.json(path).spliterator(), false).map(c -> c.get("id").asLong()).toList();
    }
}
