package dev.tributary.testkit.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @AutoClose
    private final FakeGitHub github = FakeGitHub.start();
    private Repo repo;

    @BeforeEach
    void seed() {
        repo = github.repo("octocat", "hello", false);
    }


    @Test
    void signatureMatchesGitHubsPublishedTestVector() {
        // https://docs.github.com/webhooks/using-webhooks/validating-webhook-deliveries#testing-the-webhook-payload-validation
        Delivery d = github.delivery("It's a Secret to Everybody", "ping", "Hello, World!");

        assertThat(d.header("X-Hub-Signature-256"))
                .hasValue("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
    }

    @Test
    void aPlainHmacOverTheRawBodyVerifiesTheDelivery() throws Exception {
        Issue issue = repo.issue("Bug", "It breaks", "octocat");

        Delivery d = github.delivery("s3cret", "issues", "opened", issue);

        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("s3cret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] expected = ("sha256=" + HexFormat.of().formatHex(mac.doFinal(d.body()))).getBytes(StandardCharsets.UTF_8);
        byte[] given = d.header("x-hub-signature-256").orElseThrow().getBytes(StandardCharsets.UTF_8);
        assertThat(MessageDigest.isEqual(expected, given)).isTrue();
        assertThat(d.header("X-GitHub-Event")).hasValue("issues");
        assertThat(d.header("X-GitHub-Delivery").orElseThrow())
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}").isEqualTo(d.guid());
        assertThat(d.header("User-Agent").orElseThrow()).startsWith("GitHub-Hookshot/");
        assertThat(d.header("Content-Type")).hasValue("application/json");
        assertThat(d.header("X-GitHub-Hook-Installation-Target-ID")).hasValue(Long.toString(repo.id()));
    }

    @Test
    void withoutASecretThereIsNoSignature() {
        Delivery d = github.delivery(null, "issues", "opened", repo.issue("a", "b", "octocat"));

        assertThat(d.header("X-Hub-Signature-256")).isEmpty();
    }

    @Test
    void payloadsCarryTheObjectsAsTheApiRendersThem() throws Exception {
        Issue issue = repo.issue("Bug", "It breaks", "octocat");
        issue.edit("Bug!", "It breaks");
        Comment comment = issue.comment("hubot", "me too");
        comment.edit("me three");

        JsonNode edited = JSON.readTree(github.delivery("s", "issues", "edited", issue).body());
        JsonNode commentEdited = JSON.readTree(github.delivery("s", "issue_comment", "edited", comment).body());
        JsonNode issueApi = JSON.readTree(new Api(tokenFor("octocat"), "octocat-token").get("repos/octocat/hello/issues/1")
                .body());

        assertThat(edited.get("action").asText()).isEqualTo("edited");
        assertThat(edited.at("/changes/title/from").asText()).isEqualTo("Bug");
        assertThat(edited.at("/changes/body").isMissingNode()).isTrue();
        assertThat(edited.get("issue")).isEqualTo(issueApi);
        assertThat(edited.at("/repository/full_name").asText()).isEqualTo("octocat/hello");
        assertThat(edited.at("/sender/login").asText()).isEqualTo("octocat");
        assertThat(commentEdited.at("/changes/body/from").asText()).isEqualTo("me too");
        assertThat(commentEdited.at("/comment/body").asText()).isEqualTo("me three");
        assertThat(commentEdited.at("/sender/login").asText()).isEqualTo("hubot");
    }

    @Test
    void transferAndRepositoryPayloads() throws Exception {
        Issue issue = repo.issue("Bug", "x", "octocat");
        Repo other = github.repo("octocat", "other", false);
        Issue moved = issue.transfer(other);
        repo.setPrivate(true);
        repo.transfer("acme");

        JsonNode transferred = JSON.readTree(github.delivery("s", "issues", "transferred", issue).body());
        JsonNode privatized = JSON.readTree(github.delivery("s", "repository", "privatized", repo).body());
        JsonNode repoTransferred = JSON.readTree(github.delivery("s", "repository", "transferred", repo, "octocat").body());
        JsonNode pull = JSON.readTree(github.delivery("s", "pull_request", "opened",
                other.pullRequest("Fix", "y", "octocat")).body());

        assertThat(transferred.at("/changes/new_issue/number").asInt()).isEqualTo(moved.number());
        assertThat(transferred.at("/changes/new_repository/full_name").asText()).isEqualTo("octocat/other");
        assertThat(privatized.at("/repository/private").asBoolean()).isTrue();
        assertThat(repoTransferred.at("/changes/owner/from/user/login").asText()).isEqualTo("octocat");
        assertThat(repoTransferred.at("/repository/full_name").asText()).isEqualTo("acme/hello");
        assertThat(pull.get("number").asInt()).isEqualTo(2);
        assertThat(pull.at("/pull_request/html_url").asText()).endsWith("/octocat/other/pull/2");
        assertThatThrownBy(() -> github.delivery("s", "issue_comment", "created", repo))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void postToDeliversBodyAndHeadersUnchanged() throws Exception {
        AtomicReference<byte[]> body = new AtomicReference<>();
        AtomicReference<String> signature = new AtomicReference<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            body.set(exchange.getRequestBody().readAllBytes());
            signature.set(exchange.getRequestHeaders().getFirst("X-Hub-Signature-256"));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try {
            Delivery d = github.delivery("s", "issues", "opened", repo.issue("a", "b", "octocat"));

            int status = d.postTo(URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook"));

            assertThat(status).isEqualTo(204);
            assertThat(body.get()).isEqualTo(d.body());
            assertThat(signature.get()).isEqualTo(d.header("X-Hub-Signature-256").orElseThrow());
        } finally {
            receiver.stop(0);
        }
    }

    private FakeGitHub tokenFor(String login) {
        github.token(login + "-token", login);
        return github;
    }
}
