package dev.tributary.connector.github.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.api.http.HttpFailure;
import java.io.IOException;
import java.util.List;

/** Which repositories an instance syncs: every one the token sees, an owner's, or one by name. */
final class Repositories {

    /** Every repository the token's user owns, collaborates on or sees through an organization. */
    static final String ALL_VISIBLE = "*";

    private Repositories() {}

    /** Checks a configured selector: {@code *}, {@code owner/*} or {@code owner/name}. */
    static String validate(String selector) {
        String s = selector.trim();
        if (s.equals(ALL_VISIBLE) || s.matches("[A-Za-z0-9][A-Za-z0-9-]*/(\\*|[A-Za-z0-9._-]+)")) {
            return s;
        }
        throw new IllegalArgumentException("repository '" + selector + "' is not owner/name, owner/* or *");
    }

    static GitHubApi.Listing list(GitHubApi api, String selector, String etag) throws IOException, InterruptedException {
        if (selector.equals(ALL_VISIBLE)) {
            return api.list("user/repos?affiliation=owner,collaborator,organization_member&sort=full_name&per_page=100", etag,
                    Shape.REPOSITORY);
        }
        String owner = selector.substring(0, selector.indexOf('/'));
        if (selector.endsWith("/*")) {
            try {
                return api.list("orgs/" + owner + "/repos?type=all&sort=full_name&per_page=100", etag, Shape.REPOSITORY);
            } catch (HttpFailure e) {
                if (e.kind() != HttpFailure.Kind.NOT_FOUND) {
                    throw e;
                }
                // a user, not an organization
                return api.list("users/" + owner + "/repos?type=owner&sort=full_name&per_page=100", etag, Shape.REPOSITORY);
            }
        }
        return api.find("repos/" + selector, Shape.REPOSITORY).map(repo -> new GitHubApi.Listing(false, null, List.of(repo)))
                .orElseGet(() -> new GitHubApi.Listing(false, null, List.of()));
    }

    /** Whether a repository ({@code owner/name}) is one of those the selectors name (as GitHub does, ignoring case). */
    static boolean covers(List<String> selectors, String repo) {
        String owner = repo.substring(0, Math.max(0, repo.indexOf('/')));
        return selectors.isEmpty() || selectors.stream().anyMatch(s -> s.equals(ALL_VISIBLE) || s.equalsIgnoreCase(repo)
                || s.endsWith("/*") && s.substring(0, s.length() - 2).equalsIgnoreCase(owner));
    }

    /** Private and internal repositories are readable only by whom GitHub names. */
    static boolean isPrivate(JsonNode repo) {
        String visibility = repo.path("visibility").asText("");
        return repo.path("private").asBoolean(false) || "internal".equals(visibility) || "private".equals(visibility);
    }

    /** What changes when its description, settings or README (a push) change. */
    static String changed(JsonNode repo) {
        return repo.path("updated_at").asText("") + "|" + repo.path("pushed_at").asText("") + "|" + isPrivate(repo);
    }
}
