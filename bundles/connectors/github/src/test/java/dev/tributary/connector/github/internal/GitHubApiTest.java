package dev.tributary.connector.github.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.api.http.Response;
import dev.tributary.api.http.SourceClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Answers that are not what GitHub sends: each is one clear error naming the request and what is
 * wrong (never quoting the answer), thrown before anything is made of it.
 */
class GitHubApiTest {

    private static final String ISSUE = "{\"number\":7,\"title\":\"Kumquat\",\"body\":null,\"url\":\"u\",\"html_url\":\"h\",\"user\":null,"
            + "\"state\":\"open\",\"created_at\":\"2024-01-01T10:00:00Z\",\"updated_at\":\"2024-01-02T10:00:00Z\"}";
    private static final String ISSUES = "repos/octo/handbook/issues?state=all";

    private static GitHubApi answering(String contentType, String body) {
        SourceClient http = request -> new Response(200, request.uri(), Map.of("Content-Type", List.of(contentType)),
                body.getBytes(StandardCharsets.UTF_8));
        return new GitHubApi(http, URI.create("https://api.github.example/"));
    }

    private static void assertUnexpected(GitHubApi api, Shape shape, String... said) {
        assertThatThrownBy(() -> api.list(ISSUES, null, shape)).isInstanceOfSatisfying(GitHubApi.UnexpectedAnswer.class, e ->
                assertThat(e.getMessage()).startsWith("GET https://api.github.example/" + ISSUES + ": ").contains(said)
                        .contains("not what GitHub sends").doesNotContain("Kumquat", "<html>"));
    }

    @Test
    void aWellFormedListIsRead() throws Exception {
        assertThat(answering("application/json", "[" + ISSUE + "]").list(ISSUES, null, Shape.ISSUE).items()).hasSize(1);
    }

    @Test
    void anAnswerThatIsNoJsonListIsRefusedSayingWhat() {
        assertUnexpected(answering("text/html", "<html><body>Bad gateway</body></html>"), Shape.ISSUE, "(200, text/html, 37 bytes) is no JSON (broken at line 1, column ");
        assertUnexpected(answering("application/json", ""), Shape.ISSUE, "the answer (200) is empty");
        assertUnexpected(answering("application/json", "[" + ISSUE + "] []"), Shape.ISSUE, "is no JSON");
        assertUnexpected(answering("application/json", "[" + ISSUE), Shape.ISSUE, "is no JSON (it ends early)");
        assertUnexpected(answering("application/json", "Kumquat"), Shape.ISSUE, "is no JSON (broken at line 1, column ");
        assertUnexpected(answering("application/json", "{\"message\":\"Moved\"}"), Shape.ISSUE, "the answer is an object, not a list");
        assertUnexpected(answering("application/json", "null"), Shape.ISSUE, "the answer is null, not a list");
    }

    @Test
    void anItemWithAFieldMissingOrWrongIsRefusedNamingItAndTheField() {
        assertUnexpected(answering("application/json", "[" + ISSUE + "," + ISSUE.replace("7,", "\"7\",") + "]"), Shape.ISSUE,
                "item 2 of the list: 'number' is a text that is not a whole number of 1 or more");
        assertUnexpected(answering("application/json", "[" + ISSUE.replace("\"number\":7,", "") + "]"), Shape.ISSUE, "'number' is missing");
        assertUnexpected(answering("application/json", "[" + ISSUE.replace("7,", "7.5,") + "]"), Shape.ISSUE, "'number' is a number, not");
        assertUnexpected(answering("application/json", "[" + ISSUE.replace("2024-01-02T10:00:00Z", "yesterday") + "]"), Shape.ISSUE,
                "'updated_at' is a text that is not a time");
        assertUnexpected(answering("application/json", "[" + ISSUE.replace("\"user\":null", "\"user\":\"octo\"") + "]"), Shape.ISSUE,
                "'user' is a text, not an account with a login");
        assertUnexpected(answering("application/json", "[" + ISSUE.replace("\"Kumquat\"", "null") + "]"), Shape.ISSUE, "'title' is null");
    }

    @Test
    void aReadmeThatIsNotBase64IsRefused() throws Exception {
        GitHubApi api = answering("application/json", "{\"content\":\"not base64 at all!\",\"encoding\":\"base64\"}");
        assertThatThrownBy(() -> api.readme("octo/handbook")).isInstanceOfSatisfying(GitHubApi.UnexpectedAnswer.class, e ->
                assertThat(e.getMessage()).contains("repos/octo/handbook/readme", "'content' is a text that is not Base64 text"));
        assertThat(answering("application/json", "{\"content\":\"SGVs\\nbG8=\\n\"}").readme("octo/handbook")).hasValue("Hello");
    }

    /** {@code total} issues served 100 a page; with {@code links}, each page has GitHub's Link header (else it is stripped); asked URIs noted. */
    private static GitHubApi paged(int total, boolean links, List<String> asked) {
        SourceClient http = request -> {
            asked.add(request.uri().toString());
            String query = request.uri().getQuery();
            java.util.regex.Matcher pageParameter = java.util.regex.Pattern.compile("(?:^|&)page=(\\d+)").matcher(query);
            int page = pageParameter.find() ? Integer.parseInt(pageParameter.group(1)) : 1;
            StringBuilder body = new StringBuilder("[");
            for (int n = (page - 1) * 100 + 1; n <= Math.min(total, page * 100); n++) {
                body.append(body.length() > 1 ? "," : "").append(ISSUE.replace("\"number\":7", "\"number\":" + n));
            }
            int last = Math.max(1, (total + 99) / 100);
            Map<String, List<String>> headers = new java.util.HashMap<>(Map.of("Content-Type", List.of("application/json")));
            if (links && last > 1) {
                String base = "https://api.github.example/" + ISSUES + "&per_page=100&page=";
                headers.put("link", List.of((page > 1 ? "<" + base + (page - 1) + ">; rel=\"prev\", " : "")
                        + (page < last ? "<" + base + (page + 1) + ">; rel=\"next\", <" + base + last + ">; rel=\"last\"" : "<" + base + "1>; rel=\"first\"")));
            }
            return new Response(200, request.uri(), headers, body.append(']').toString().getBytes(StandardCharsets.UTF_8));
        };
        return new GitHubApi(http, URI.create("https://api.github.example/"));
    }

    @Test
    void aListWhoseLinkHeadersAreStrippedIsRefusedInsteadOfEndingEarly() throws Exception {
        List<String> asked = new java.util.ArrayList<>();
        assertThat(paged(250, true, asked).list(ISSUES + "&per_page=100", null, Shape.ISSUE).items()).hasSize(250);
        assertThat(asked).as("three pages, no more").hasSize(3);

        // stripped: page 1 is full and has no Link header, yet page 2 has items
        assertThatThrownBy(() -> paged(250, false, new java.util.ArrayList<>()).list(ISSUES + "&per_page=100", null, Shape.ISSUE))
                .isInstanceOfSatisfying(GitHubApi.UnexpectedAnswer.class, e -> assertThat(e.getMessage())
                        .contains("a full page of 100 items came without a Link header, yet page 2 has more", "does a proxy strip them?"));
        List<List<JsonNode>> seen = new java.util.ArrayList<>();
        assertThatThrownBy(() -> paged(250, false, new java.util.ArrayList<>()).forEachPage(ISSUES + "&per_page=100", Shape.ISSUE, seen::add))
                .isInstanceOf(GitHubApi.UnexpectedAnswer.class);
    }

    @Test
    void aListOfExactlyOneFullPageCostsOneRequestMoreAndIsRead() throws Exception {
        List<String> asked = new java.util.ArrayList<>();
        assertThat(paged(100, false, asked).list(ISSUES + "&per_page=100", null, Shape.ISSUE).items()).hasSize(100);
        assertThat(asked).hasSize(2).last().asString().endsWith("&per_page=100&page=2");
        List<String> few = new java.util.ArrayList<>();
        assertThat(paged(99, false, few).list(ISSUES + "&per_page=100", null, Shape.ISSUE).items()).hasSize(99);
        assertThat(few).as("a page that is not full is the whole list").hasSize(1);
    }

    @Test
    void aLaterPageWithoutItsLinkHeaderIsRefused() {
        SourceClient http = request -> {
            boolean first = !request.uri().getQuery().contains("page=2");
            Map<String, List<String>> headers = first
                    ? Map.of("link", List.of("<https://api.github.example/" + ISSUES + "&page=2>; rel=\"next\""))
                    : Map.of();
            return new Response(200, request.uri(), headers, ("[" + ISSUE + "]").getBytes(StandardCharsets.UTF_8));
        };
        assertThatThrownBy(() -> new GitHubApi(http, URI.create("https://api.github.example/")).list(ISSUES, null, Shape.ISSUE))
                .isInstanceOfSatisfying(GitHubApi.UnexpectedAnswer.class, e -> assertThat(e.getMessage())
                        .contains("page 2 of the list has no Link header"));
    }
}
