package dev.tributary.connector.github.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.api.connector.Document;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

/**
 * GitHub objects as documents. Ids: {@code <owner>/<repo>/} for a repository,
 * {@code <owner>/<repo>/issues/<number>} for an issue or pull request,
 * {@code <owner>/<repo>/comments/<id>} for a comment — so everything of a repository shares its prefix.
 */
final class Items {
    private Items() {}

    static String repoPrefix(String repo) {
        return repo + "/";
    }

    static String issueId(String repo, long number) {
        return repo + "/issues/" + number;
    }

    static String commentId(String repo, long id) {
        return repo + "/comments/" + id;
    }

    static Document repository(JsonNode repo, String readme, Set<String> principals) {
        String name = repo.path("full_name").asText();
        String description = repo.path("description").asText("");
        Instant updated = latest(instant(repo, "updated_at"), instant(repo, "pushed_at"));
        return Document.builder(repoPrefix(name))
                .title(name)
                .text(description.isEmpty() ? readme : readme.isEmpty() ? description : description + "\n\n" + readme)
                .url(repo.path("html_url").asText())
                .mimeType("text/markdown")
                .author(repo.path("owner").path("login").asText(null))
                .created(instant(repo, "created_at"))
                .updated(updated)
                .sourceVersion(version(updated))
                .container(name)
                .metadata("kind", List.of("repository"))
                .principals(principals)
                .build();
    }

    static Document issue(String repo, JsonNode issue, Set<String> principals) {
        boolean pull = issue.has("pull_request");
        long number = issue.path("number").asLong();
        Instant updated = instant(issue, "updated_at");
        return Document.builder(issueId(repo, number))
                .title((pull ? "PR #" : "#") + number + " " + issue.path("title").asText())
                .text(issue.path("body").asText(""))
                .url(issue.path("html_url").asText())
                .mimeType("text/markdown")
                .author(issue.path("user").path("login").asText(null))
                .created(instant(issue, "created_at"))
                .updated(updated)
                .sourceVersion(version(updated))
                .container(repo)
                .metadata("kind", List.of(pull ? "pull request" : "issue"))
                .metadata("state", List.of(issue.path("state").asText()))
                .principals(principals)
                .build();
    }

    static Document comment(String repo, JsonNode comment, Set<String> principals) {
        String issueUrl = comment.path("issue_url").asText();
        String number = issueUrl.substring(issueUrl.lastIndexOf('/') + 1);
        String author = comment.path("user").path("login").asText(null);
        Instant updated = instant(comment, "updated_at");
        return Document.builder(commentId(repo, comment.path("id").asLong()))
                .title("Comment by " + author + " on " + repo + "#" + number)
                .text(comment.path("body").asText(""))
                .url(comment.path("html_url").asText())
                .mimeType("text/markdown")
                .author(author)
                .created(instant(comment, "created_at"))
                .updated(updated)
                .sourceVersion(version(updated))
                .container(repo)
                .metadata("kind", List.of("comment"))
                .principals(principals)
                .build();
    }

    static Instant instant(JsonNode node, String field) {
        String v = node.path(field).asText(null);
        return v == null || v.isEmpty() ? null : Instant.parse(v);
    }

    /** GitHub's timestamp form, as {@code since} takes it. */
    static String timestamp(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
    }

    private static long version(Instant updated) {
        return updated == null ? 0 : updated.toEpochMilli();
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }
}
