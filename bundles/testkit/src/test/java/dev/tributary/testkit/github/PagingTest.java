package dev.tributary.testkit.github;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PagingTest {
    @AutoClose
    private final FakeGitHub github = FakeGitHub.start();
    private final Api api = new Api(github, "t");

    @BeforeEach
    void seed() {
        github.token("t", "octocat");
        Repo repo = github.repo("octocat", "big", false);
        for (int i = 1; i <= 250; i++) {
            repo.issue("Issue " + i, "body " + i, "octocat");
            github.advance(Duration.ofMinutes(1));
        }
    }


    @Test
    void defaultPagesOfThirtyWithNextAndLastOnTheFirstPage() {
        HttpResponse<String> first = api.get("repos/octocat/big/issues?state=all");

        assertThat(Api.parse(first)).hasSize(30);
        String base = github.apiUrl() + "repos/octocat/big/issues?state=all&page=";
        assertThat(first.headers().firstValue("link")).hasValue(
                "<" + base + "2>; rel=\"next\", <" + base + "9>; rel=\"last\"");
    }

    @Test
    void middlePageHasAllFourRelationsInGitHubsOrder() {
        HttpResponse<String> middle = api.get("repos/octocat/big/issues?per_page=100&page=2");

        String base = github.apiUrl() + "repos/octocat/big/issues?per_page=100&page=";
        assertThat(middle.headers().firstValue("link")).hasValue("<" + base + "1>; rel=\"prev\", <" + base
                + "3>; rel=\"next\", <" + base + "3>; rel=\"last\", <" + base + "1>; rel=\"first\"");
    }

    @Test
    void lastPageHasOnlyPrevAndFirst() {
        HttpResponse<String> last = api.get("repos/octocat/big/issues?per_page=100&page=3");

        assertThat(Api.parse(last)).hasSize(50);
        assertThat(last.headers().firstValue("link").orElseThrow()).contains("rel=\"prev\"", "rel=\"first\"")
                .doesNotContain("rel=\"next\"", "rel=\"last\"");
    }

    @Test
    void followingNextYieldsEveryIssueOnceNewestFirst() {
        List<JsonNode> all = api.all("repos/octocat/big/issues");

        assertThat(all).hasSize(250);
        assertThat(all.get(0).get("number").asInt()).isEqualTo(250);
        assertThat(all.get(249).get("number").asInt()).isEqualTo(1);
        assertThat(all.stream().map(i -> i.get("id").asLong()).distinct()).hasSize(250);
    }

    @Test
    void perPageIsCappedAtOneHundred() {
        HttpResponse<String> page = api.get("repos/octocat/big/issues?per_page=500");

        assertThat(Api.parse(page)).hasSize(100);
        assertThat(page.headers().firstValue("link").orElseThrow()).contains("per_page=500&page=3>; rel=\"last\"");
    }

    @Test
    void noLinkHeaderWhenEverythingFitsOnOnePage() {
        github.repo("octocat", "small", false).issue("only", "one", "octocat");

        HttpResponse<String> page = api.get("repos/octocat/small/issues");

        assertThat(Api.parse(page)).hasSize(1);
        assertThat(page.headers().firstValue("link")).isEmpty();
    }

    @Test
    void aPageBeyondTheLastIsEmpty() {
        assertThat(Api.parse(api.get("repos/octocat/big/issues?per_page=100&page=7"))).isEmpty();
    }
}
