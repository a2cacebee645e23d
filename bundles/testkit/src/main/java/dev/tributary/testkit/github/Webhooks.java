package dev.tributary.testkit.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.testkit.Signatures;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Webhook payloads and their signing. Payload shapes follow the webhook schemas of GitHub's
 * description (npm {@code @octokit/openapi-webhooks}, e.g. {@code webhook-issues-edited}: action,
 * changes, issue, repository, sender, and organization for organization repositories); the objects
 * inside are rendered as the REST API renders them.
 */
final class Webhooks {
    /** Hookshot's User-Agent "will have the prefix GitHub-Hookshot/" followed by a short commit id. */
    private static final String USER_AGENT = "GitHub-Hookshot/6d2fc3b";

    private final Renderer render;
    private final long hookId;

    Webhooks(Renderer render, long hookId) {
        this.render = render;
        this.hookId = hookId;
    }

    /**
     * The payload of {@code event}/{@code action} about {@code subject}: an {@link Issue} for "issues" and
     * "pull_request", a {@link Comment} for "issue_comment", a {@link Repo} for "repository".
     */
    ObjectNode payload(String event, String action, Object subject, Account sender) {
        ObjectNode p = Json.object();
        p.put("action", action);
        Repo repo;
        switch (event) {
            case "issues" -> {
                Issue issue = expect(subject, Issue.class, event);
                repo = issue.repo;
                p.set("issue", render.issue(issue));
                if (action.equals("edited")) {
                    p.set("changes", edits(issue.previousTitle, issue.title, issue.previousBody, issue.body));
                } else if (action.equals("transferred")) {
                    Issue moved = Objects.requireNonNull(issue.transferredTo, issue + " was not transferred");
                    ObjectNode changes = p.putObject("changes");
                    changes.set("new_issue", render.issue(moved));
                    changes.set("new_repository", render.repo(moved.repo, null));
                }
            }
            case "pull_request" -> {
                Issue pull = expect(subject, Issue.class, event);
                repo = pull.repo;
                p.put("number", pull.number);
                p.set("pull_request", render.pull(pull, null));
                if (action.equals("edited")) {
                    p.set("changes", edits(pull.previousTitle, pull.title, pull.previousBody, pull.body));
                }
            }
            case "issue_comment" -> {
                Comment comment = expect(subject, Comment.class, event);
                repo = comment.issue.repo;
                if (action.equals("edited")) {
                    p.set("changes", edits(null, null, comment.previousBody, comment.body));
                }
                p.set("issue", render.issue(comment.issue));
                p.set("comment", render.comment(comment));
            }
            case "repository" -> {
                repo = expect(subject, Repo.class, event);
                if (action.equals("transferred")) {
                    Account from = Objects.requireNonNull(repo.previousOwner, repo + " was not transferred");
                    p.putObject("changes").putObject("owner").putObject("from")
                            .set(from.organization ? "organization" : "user", render.user(from));
                }
            }
            default -> throw new IllegalArgumentException(
                    "no payload builder for event " + event + ": use issues, issue_comment, pull_request or repository,"
                            + " or pass the JSON body yourself");
        }
        p.set("repository", render.repo(repo, null));
        if (repo.owner.organization) {
            p.set("organization", render.organization(repo.owner));
        }
        p.set("sender", render.user(sender));
        return p;
    }

    /** {@code changes}: for each field that changed, {@code {"from": previous}}. */
    private static ObjectNode edits(String oldTitle, String title, String oldBody, String body) {
        ObjectNode changes = Json.object();
        if (oldTitle != null && !oldTitle.equals(title)) {
            changes.putObject("title").put("from", oldTitle);
        }
        if (oldBody != null && !oldBody.equals(body)) {
            changes.putObject("body").put("from", oldBody);
        }
        return changes;
    }

    private static <T> T expect(Object subject, Class<T> type, String event) {
        if (!type.isInstance(subject)) {
            throw new IllegalArgumentException("a " + event + " payload is about a " + type.getSimpleName() + ", not "
                    + subject);
        }
        return type.cast(subject);
    }

    /**
     * Signs the body as GitHub does (https://docs.github.com/webhooks/using-webhooks/validating-webhook-deliveries):
     * {@code X-Hub-Signature-256: sha256=} hex HMAC-SHA256 of the raw body keyed with the secret, and the
     * legacy SHA-1 {@code X-Hub-Signature}; both only when the hook has a secret (null: none).
     */
    Delivery deliver(String secret, String event, byte[] body) {
        String guid = UUID.randomUUID().toString();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-GitHub-Delivery", guid);
        headers.put("X-GitHub-Event", event);
        headers.put("X-GitHub-Hook-ID", Long.toString(hookId));
        repositoryId(body).ifPresent(id -> {
            headers.put("X-GitHub-Hook-Installation-Target-ID", id);
            headers.put("X-GitHub-Hook-Installation-Target-Type", "repository");
        });
        if (secret != null) {
            headers.put("X-Hub-Signature", "sha1=" + Signatures.hmacHex("HmacSHA1", secret, body));
            headers.put("X-Hub-Signature-256", "sha256=" + Signatures.hmacHex("HmacSHA256", secret, body));
        }
        headers.put("User-Agent", USER_AGENT);
        headers.put("Content-Type", "application/json");
        return new Delivery(event, guid, headers, body);
    }

    private static Optional<String> repositoryId(byte[] body) {
        try {
            JsonNode id = Json.parse(body).path("repository").path("id");
            return id.isIntegralNumber() ? Optional.of(id.asText()) : Optional.empty();
        } catch (RuntimeException notJson) {
            return Optional.empty();
        }
    }
}
