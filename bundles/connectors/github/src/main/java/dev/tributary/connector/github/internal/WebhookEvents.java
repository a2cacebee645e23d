package dev.tributary.connector.github.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * GitHub's webhooks (docs.github.com/webhooks): {@code X-Hub-Signature-256} is HMAC-SHA256 of the raw
 * body with the hook's secret; {@code X-GitHub-Delivery} names the delivery, {@code X-GitHub-Event}
 * its event. A genuine delivery that cannot be used (no id or event, a body that is not the JSON its
 * event carries) is refused at once, so it never waits in the inbox or holds up the ones after it. A
 * delivery is only a hint: what it names is fetched again — also what it says was deleted, which is
 * deleted only when GitHub no longer has it here.
 */
final class WebhookEvents {

    static final String SECRET = "webhookSecret";
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    /** GitHub's delivery ids are GUIDs, its event names lower-case words. */
    private static final Pattern DELIVERY_ID = Pattern.compile("[A-Za-z0-9._:-]{1,200}");
    private static final Pattern EVENT = Pattern.compile("[A-Za-z0-9_.-]{1,100}");
    private static final Map<String, Shape> HANDLED = Map.of("issues", Shape.ISSUES_EVENT, "pull_request", Shape.PULL_REQUEST_EVENT,
            "issue_comment", Shape.ISSUE_COMMENT_EVENT, "repository", Shape.REPOSITORY_EVENT, "member", Shape.REPOSITORY_EVENT,
            "team_add", Shape.REPOSITORY_EVENT, "public", Shape.REPOSITORY_EVENT);

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
        String id = delivery.header("X-GitHub-Delivery").filter(d -> !d.isBlank())
                .orElseThrow(() -> WebhookRejected.malformed("no X-GitHub-Delivery header: GitHub names every delivery"));
        if (!DELIVERY_ID.matcher(id).matches()) {
            throw WebhookRejected.malformed("X-GitHub-Delivery is not a delivery id (GitHub sends a GUID of 36 characters)");
        }
        String event = delivery.header("X-GitHub-Event").filter(e -> !e.isBlank())
                .orElseThrow(() -> WebhookRejected.malformed("no X-GitHub-Event header: GitHub names the event of every delivery"));
        if (!EVENT.matcher(event).matches()) {
            throw WebhookRejected.malformed("X-GitHub-Event is not an event name such as issues or issue_comment");
        }
        JsonNode body = body(delivery);
        JsonNode action = body.path("action");
        if (!action.isMissingNode() && !action.isNull() && !(action.isTextual() && EVENT.matcher(action.asText()).matches())) {
            throw WebhookRejected.malformed("'action' of the " + event + " delivery is not an action such as edited");
        }
        Shape shape = HANDLED.get(event);
        Optional<String> problem = shape == null ? Optional.empty() : shape.problem(body);
        if (problem.isPresent()) {
            throw WebhookRejected.malformed("the body is not what GitHub sends with " + event + " events: " + problem.get());
        }
        return new Accepted(id, action.isTextual() ? event + "." + action.asText() : event);
    }

    /** The body: a JSON object, or why it is not one. */
    private static JsonNode body(WebhookDelivery delivery) throws WebhookRejected {
        byte[] bytes = delivery.body();
        if (bytes.length == 0) {
            throw WebhookRejected.malformed("the body is empty");
        }
        if (new String(bytes, 0, Math.min(bytes.length, 8), StandardCharsets.US_ASCII).startsWith("payload=")) {
            throw WebhookRejected.malformed("the body is a form (payload=…): set the webhook's content type to application/json on GitHub");
        }
        JsonNode body;
        try {
            body = JSON.readTree(bytes);
        } catch (IOException e) {
            throw WebhookRejected.malformed("the body is no JSON (" + Shape.notJson(e) + ")");
        }
        if (!body.isObject()) {
            throw WebhookRejected.malformed("the body is " + Shape.kind(body) + ", not a JSON object");
        }
        return body;
    }

    /**
     * Acts on one delivery about a repository the instance syncs (its {@code selectors}): fetches again
     * what it names and writes it, or deletes it when GitHub no longer has it here.
     */
    static void process(WebhookDelivery delivery, SyncContext ctx, GitHubApi api, GitHubSync sync, List<String> selectors)
            throws IOException, InterruptedException {
        String event = delivery.header("X-GitHub-Event").orElse("");
        JsonNode body = JSON.readTree(delivery.body());
        String repo = body.path("repository").path("full_name").asText("");
        if (!HANDLED.containsKey(event) || repo.isEmpty()) {
            ctx.log().debug("Webhook event {} ignored", event);
            return;
        }
        if (!Repositories.covers(selectors, repo)) {
            ctx.log().debug("Webhook event {} about {} ignored: the instance does not sync that repository", event, repo);
            return;
        }
        switch (event) {
            case "issues" -> refreshIssue(ctx, api, sync, repo, body.path("issue").path("number").asLong());
            case "pull_request" -> refreshIssue(ctx, api, sync, repo, body.path("pull_request").path("number").asLong());
            case "issue_comment" -> {
                long id = body.path("comment").path("id").asLong();
                Optional<JsonNode> comment = api.findHere("repos/" + repo + "/issues/comments/" + id, Shape.COMMENT);
                if (comment.isPresent()) {
                    ctx.emit(Items.comment(repo, comment.get(), sync.readersOf(repo)));
                } else {
                    ctx.delete(Items.commentId(repo, id));
                }
            }
            default -> sync.rewriteRepository(repo); // visibility, readers or name may have changed, or it is gone
        }
        ctx.commit(null);
    }

    private static void refreshIssue(SyncContext ctx, GitHubApi api, GitHubSync sync, String repo, long number)
            throws IOException, InterruptedException {
        Optional<JsonNode> issue = api.findHere("repos/" + repo + "/issues/" + number, Shape.ISSUE);
        if (issue.isPresent()) {
            ctx.emit(Items.issue(repo, issue.get(), sync.readersOf(repo)));
        } else {
            ctx.delete(Items.issueId(repo, number));
        }
    }
}
