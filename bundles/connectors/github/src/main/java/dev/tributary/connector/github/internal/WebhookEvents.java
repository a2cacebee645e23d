package dev.tributary.connector.github.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.api.connector.SyncContext;
import dev.tributary.api.connector.WebhookDelivery;
import dev.tributary.api.connector.WebhookReceiver.Accepted;
import dev.tributary.api.connector.WebhookReceiver.WebhookRejected;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * GitHub's webhooks (docs.github.com/webhooks): {@code X-Hub-Signature-256} is HMAC-SHA256 of the raw
 * body with the hook's secret; {@code X-GitHub-Delivery} names the delivery. A delivery is only a hint:
 * what it names is fetched again.
 */
final class WebhookEvents {

    static final String SECRET = "webhookSecret";
    private static final ObjectMapper JSON = new ObjectMapper();

    private WebhookEvents() {}

    static Accepted verify(WebhookDelivery delivery, Function<String, Optional<char[]>> secrets) throws WebhookRejected {
        char[] secret = secrets.apply(SECRET).orElseThrow(() -> new WebhookRejected("the instance has no " + SECRET
                + " in the vault: set the same secret here and on GitHub's webhook"));
        String signature = delivery.header("X-Hub-Signature-256").orElseThrow(() -> new WebhookRejected(
                "no X-Hub-Signature-256 header: give the webhook a secret on GitHub"));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            byte[] key = new String(secret).getBytes(StandardCharsets.UTF_8);
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            Arrays.fill(key, (byte) 0);
            byte[] expected = ("sha256=" + HexFormat.of().formatHex(mac.doFinal(delivery.body()))).getBytes(StandardCharsets.US_ASCII);
            if (!MessageDigest.isEqual(expected, signature.trim().getBytes(StandardCharsets.US_ASCII))) {
                throw new WebhookRejected("X-Hub-Signature-256 does not match the body: the secrets differ, or it was not sent by GitHub");
            }
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        } finally {
            Arrays.fill(secret, '\0');
        }
        String id = delivery.header("X-GitHub-Delivery").orElseThrow(() -> new WebhookRejected("no X-GitHub-Delivery header"));
        String event = delivery.header("X-GitHub-Event").orElse("unknown");
        try {
            String action = JSON.readTree(delivery.body()).path("action").asText("");
            return new Accepted(id, action.isEmpty() ? event : event + "." + action);
        } catch (IOException e) {
            throw new WebhookRejected("the body is not JSON");
        }
    }

    /** Acts on one delivery: fetches again what it names and writes or deletes it. */
    static void process(WebhookDelivery delivery, SyncContext ctx, GitHubApi api, GitHubSync sync) throws IOException, InterruptedException {
        String event = delivery.header("X-GitHub-Event").orElse("");
        JsonNode body = JSON.readTree(delivery.body());
        String action = body.path("action").asText("");
        String repo = body.path("repository").path("full_name").asText("");
        if (repo.isEmpty()) {
            return; // ping, or an event about no repository
        }
        switch (event) {
            case "issues", "pull_request" -> {
                JsonNode item = body.has("issue") ? body.path("issue") : body.path("pull_request");
                long number = item.path("number").asLong();
                refreshIssue(ctx, api, sync, repo, number, action.equals("deleted") || action.equals("transferred"));
            }
            case "issue_comment" -> {
                long id = body.path("comment").path("id").asLong();
                Optional<JsonNode> comment = action.equals("deleted") ? Optional.empty()
                        : api.findHere("repos/" + repo + "/issues/comments/" + id);
                if (comment.isPresent()) {
                    ctx.emit(Items.comment(repo, comment.get(), sync.readersOf(repo)));
                } else {
                    ctx.delete(Items.commentId(repo, id));
                }
            }
            case "repository", "member", "team_add", "public" -> {
                if (action.equals("deleted") || action.equals("transferred")) {
                    for (String id : ctx.stored(Items.repoPrefix(repo))) {
                        ctx.delete(id);
                    }
                } else {
                    sync.rewriteRepository(repo); // visibility, readers or name may have changed
                }
            }
            default -> ctx.log().debug("Webhook event {} ignored", event);
        }
        ctx.commit(null);
    }

    private static void refreshIssue(SyncContext ctx, GitHubApi api, GitHubSync sync, String repo, long number, boolean gone)
            throws IOException, InterruptedException {
        Optional<JsonNode> issue = gone ? Optional.empty() : api.findHere("repos/" + repo + "/issues/" + number);
        if (issue.isPresent()) {
            ctx.emit(Items.issue(repo, issue.get(), sync.readersOf(repo)));
        } else {
            ctx.delete(Items.issueId(repo, number));
        }
    }
}
