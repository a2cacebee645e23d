package dev.tributary.testkit.github;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LimitsTest {
    @AutoClose
    private final FakeGitHub github = FakeGitHub.start();
    private final Api api = new Api(github, "t");
    private Issue issue;

    @BeforeEach
    void seed() {
        github.token("t", "octocat");
        issue = github.repo("octocat", "hello", false).issue("Bug", "It breaks", "octocat");
    }


    @Test
    void everyAnswerCarriesTheRateLimitHeaders() {
        HttpResponse<String> r = api.get("repos/octocat/hello");

        assertThat(Api.header(r, "x-ratelimit-limit")).isEqualTo(5000);
        assertThat(Api.header(r, "x-ratelimit-remaining")).isEqualTo(4999);
        assertThat(Api.header(r, "x-ratelimit-used")).isEqualTo(1);
        assertThat(Api.header(r, "x-ratelimit-reset")).isEqualTo(github.now().plus(Duration.ofHours(1)).getEpochSecond());
        assertThat(r.headers().firstValue("x-ratelimit-resource")).hasValue("core");
    }

    @Test
    void aMatchingIfNoneMatchGets304WithoutBodyAndSpendsNothing() {
        HttpResponse<String> first = api.get("repos/octocat/hello/issues");
        String etag = first.headers().firstValue("etag").orElseThrow();

        HttpResponse<String> again = api.get("repos/octocat/hello/issues", "If-None-Match", etag);

        assertThat(etag).matches("\"[0-9a-f]{32}\"");
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.headers().firstValue("etag")).hasValue(etag);
        assertThat(Api.header(again, "x-ratelimit-remaining")).isEqualTo(Api.header(first, "x-ratelimit-remaining"));
        assertThat(Api.header(again, "x-ratelimit-used")).isEqualTo(1);
    }

    @Test
    void aChangeGivesANewEtagAndA200() {
        String etag = api.get("repos/octocat/hello/issues/1").headers().firstValue("etag").orElseThrow();
        github.advance(Duration.ofSeconds(5));
        issue.edit("Bug", "It breaks badly");

        HttpResponse<String> after = api.get("repos/octocat/hello/issues/1", "If-None-Match", etag);

        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(after.headers().firstValue("etag")).isPresent().get().isNotEqualTo(etag);
    }

    @Test
    void theBudgetRunsOutAndRefillsAtReset() {
        github.rateLimit(3);
        for (int i = 0; i < 3; i++) {
            assertThat(api.get("repos/octocat/hello").statusCode()).isEqualTo(200);
        }

        HttpResponse<String> limited = api.get("repos/octocat/hello");

        assertThat(limited.statusCode()).isEqualTo(403);
        assertThat(Api.header(limited, "x-ratelimit-remaining")).isZero();
        long reset = Api.header(limited, "x-ratelimit-reset");
        assertThat(reset).isEqualTo(FakeGitHub.DEFAULT_START.plus(Duration.ofHours(1)).getEpochSecond());
        assertThat(Api.parse(limited).get("message").asText()).startsWith("API rate limit exceeded for user ID ");
        assertThat(Api.parse(limited).get("documentation_url").asText())
                .isEqualTo("https://docs.github.com/rest/overview/rate-limits-for-the-rest-api");
        assertThat(api.get("rate_limit").statusCode()).as("GET /rate_limit still answers").isEqualTo(200);

        github.advance(Duration.ofMinutes(59));
        assertThat(api.get("repos/octocat/hello").statusCode()).isEqualTo(403);
        github.advance(Duration.ofMinutes(1));
        HttpResponse<String> refilled = api.get("repos/octocat/hello");

        assertThat(refilled.statusCode()).isEqualTo(200);
        assertThat(Api.header(refilled, "x-ratelimit-remaining")).isEqualTo(2);
        assertThat(Api.header(refilled, "x-ratelimit-reset")).isEqualTo(reset + 3600);
    }

    @Test
    void rateLimitEndpointDoesNotSpend() {
        api.get("repos/octocat/hello");

        var body = api.json("rate_limit");
        var again = api.json("rate_limit");

        assertThat(body.at("/resources/core/used").asInt()).isEqualTo(1);
        assertThat(again.at("/resources/core/remaining").asInt()).isEqualTo(4999);
        assertThat(again.at("/rate/limit").asInt()).isEqualTo(5000);
    }

    @Test
    void secondaryLimitSays403WithRetryAfterThenLetsThrough() {
        github.secondaryLimit(2, Duration.ofSeconds(60));

        HttpResponse<String> first = api.get("repos/octocat/hello");
        HttpResponse<String> second = api.get("repos/octocat/hello");
        HttpResponse<String> third = api.get("repos/octocat/hello");

        assertThat(first.statusCode()).isEqualTo(403);
        assertThat(first.headers().firstValue("retry-after")).hasValue("60");
        assertThat(Api.parse(first).get("message").asText()).startsWith("You have exceeded a secondary rate limit");
        assertThat(Api.header(first, "x-ratelimit-remaining")).as("not the primary limit").isPositive();
        assertThat(second.statusCode()).isEqualTo(403);
        assertThat(third.statusCode()).isEqualTo(200);
    }

    @Test
    void injectedFaultsComeFirstThenServiceResumes() {
        github.failNext(2, 502);

        assertThat(api.get("repos/octocat/hello").statusCode()).isEqualTo(502);
        assertThat(api.get("repos/octocat/hello").statusCode()).isEqualTo(502);
        assertThat(api.get("repos/octocat/hello").statusCode()).isEqualTo(200);
        assertThat(github.requests()).extracting(Recorded::status).containsExactly(502, 502, 200);
    }

    @Test
    void unknownOrMissingTokensAre401() {
        HttpResponse<String> bad = new Api(github, "nope").get("user");
        HttpResponse<String> none = new Api(github, null).get("user");

        assertThat(bad.statusCode()).isEqualTo(401);
        assertThat(Api.parse(bad).get("message").asText()).isEqualTo("Bad credentials");
        assertThat(Api.parse(bad).get("documentation_url").asText()).isEqualTo("https://docs.github.com/rest");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(Api.header(none, "x-ratelimit-limit")).isEqualTo(60);
    }

    @Test
    void tokenSchemeMayBeTokenOrBearer() {
        assertThat(new Api(github, null).get("user", "Authorization", "token t").statusCode()).isEqualTo(200);
        assertThat(Api.parse(api.get("user")).get("login").asText()).isEqualTo("octocat");
    }

    @Test
    void requestsAreRecordedWithQueryAndHeaders() {
        api.get("repos/octocat/hello/issues?state=all&per_page=5");

        Recorded r = github.requests().get(0);
        assertThat(r.method()).isEqualTo("GET");
        assertThat(r.path()).isEqualTo("/repos/octocat/hello/issues");
        assertThat(r.queryParam("state")).hasValue("all");
        assertThat(r.header("Authorization")).hasValue("Bearer t");
        assertThat(r.time()).isEqualTo(github.now());
        assertThat(r.status()).isEqualTo(200);
        github.clearRequests();
        assertThat(github.requests()).isEmpty();
    }
}
