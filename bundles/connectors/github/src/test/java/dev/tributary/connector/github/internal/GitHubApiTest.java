package dev.tributary.connector.github.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
