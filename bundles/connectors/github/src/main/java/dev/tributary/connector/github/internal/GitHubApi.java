package dev.tributary.connector.github.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.api.http.HttpFailure;
import dev.tributary.api.http.Request;
import dev.tributary.api.http.Response;
import dev.tributary.api.http.SourceClient;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The few GitHub REST calls the connector makes (docs.github.com/rest), over the host's HTTP
 * toolkit, which retries, waits out rate limits and pages.
 */
final class GitHubApi {

    static final String MEDIA_TYPE = "application/vnd.github+json";
    static final String API_VERSION = "2022-11-28";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SourceClient http;
    private final URI base;

    GitHubApi(SourceClient http, URI base) {
        this.http = http;
        this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
    }

    /** The answer to a conditional listing: its items, or none when unchanged since {@code etag}. */
    record Listing(boolean unchanged, String etag, List<JsonNode> items) {}

    /**
     * Every item of a paged list, asked with {@code etag} first: a 304 costs one request and changes
     * nothing. The returned ETag is that of a list that fit on one page, else none: a later page can
     * change while the first one stays the same.
     */
    Listing list(String path, String etag) throws IOException, InterruptedException {
        Request first = request(path).ifNoneMatch(etag);
        List<JsonNode> items = new ArrayList<>();
        String firstEtag = null;
        int pages = 0;
        try {
            for (Response page : http.linkPages(first)) {
                if (page.notModified()) {
                    return new Listing(true, etag, List.of());
                }
                if (pages++ == 0) {
                    firstEtag = page.etag().orElse(null);
                }
                JSON.readTree(page.body()).forEach(items::add);
            }
        } catch (SourceClient.PagingException e) {
            throw e.getCause();
        }
        return new Listing(false, pages == 1 ? firstEtag : null, items);
    }

    /** Pages of a list, each handed to {@code page} as it arrives (for lists too long to hold). */
    void forEachPage(String path, Consumer<List<JsonNode>> page) throws IOException, InterruptedException {
        try {
            for (Response r : http.linkPages(request(path))) {
                List<JsonNode> items = new ArrayList<>();
                JSON.readTree(r.body()).forEach(items::add);
                page.accept(items);
            }
        } catch (SourceClient.PagingException e) {
            throw e.getCause();
        }
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        return JSON.readTree(http.send(request(path)).body());
    }

    /** One object, or empty when GitHub says it is gone (404, 410). */
    Optional<JsonNode> find(String path) throws IOException, InterruptedException {
        try {
            return Optional.of(JSON.readTree(http.send(request(path)).body()));
        } catch (HttpFailure e) {
            if (e.kind() == HttpFailure.Kind.NOT_FOUND || e.kind() == HttpFailure.Kind.GONE) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * An issue or comment, or empty when it is gone from this repository: deleted (410), hidden (404),
     * or transferred (GitHub answers 301 to its new place, which the client follows).
     */
    Optional<JsonNode> findHere(String path) throws IOException, InterruptedException {
        return find(path).filter(node -> node.path("url").asText().endsWith("/" + path));
    }

    /** The README as text, or empty when the repository has none. */
    Optional<String> readme(String repo) throws IOException, InterruptedException {
        Optional<JsonNode> readme = find("repos/" + repo + "/readme");
        return readme.map(r -> new String(Base64.getMimeDecoder().decode(r.path("content").asText()), StandardCharsets.UTF_8));
    }

    /**
     * Who may read a private repository: its collaborators and teams. Empty when GitHub will not say
     * (listing them needs push access): the visibility is then unknown.
     */
    Optional<Set<String>> readers(String repo) throws IOException, InterruptedException {
        Set<String> readers = new LinkedHashSet<>();
        try {
            for (JsonNode user : list("repos/" + repo + "/collaborators?per_page=100", null).items()) {
                readers.add(Principals.user(user.path("login").asText()));
            }
            for (JsonNode team : list("repos/" + repo + "/teams?per_page=100", null).items()) {
                readers.add(Principals.team(repo.substring(0, repo.indexOf('/')), team.path("slug").asText()));
            }
        } catch (HttpFailure e) {
            if (e.kind() == HttpFailure.Kind.FORBIDDEN || e.kind() == HttpFailure.Kind.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
        return Optional.of(readers);
    }

    /** Issues and pull requests of a repository, oldest change first; all of them, or those changed since. */
    static String issues(String repo, Instant since) {
        return "repos/" + repo + "/issues?state=all&sort=updated&direction=asc&per_page=100" + sinceParameter(since);
    }

    /** Comments on the repository's issues and pull requests, oldest change first. */
    static String comments(String repo, Instant since) {
        return "repos/" + repo + "/issues/comments?sort=updated&direction=asc&per_page=100" + sinceParameter(since);
    }

    private static String sinceParameter(Instant since) {
        return since == null ? "" : "&since=" + URLEncoder.encode(Items.timestamp(since), StandardCharsets.UTF_8);
    }

    private Request request(String path) {
        return Request.get(base.resolve(path)).withHeader("Accept", MEDIA_TYPE).withHeader("X-GitHub-Api-Version", API_VERSION);
    }
}
