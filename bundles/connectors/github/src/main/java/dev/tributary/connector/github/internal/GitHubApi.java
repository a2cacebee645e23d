package dev.tributary.connector.github.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.api.http.HttpFailure;
import dev.tributary.api.http.Redaction;
import dev.tributary.api.http.Request;
import dev.tributary.api.http.Response;
import dev.tributary.api.http.SourceClient;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The few GitHub REST calls the connector makes (docs.github.com/rest), over the host's HTTP
 * toolkit, which retries, waits out rate limits and pages. Every answer is checked against the
 * {@link Shape} of what GitHub sends before the connector uses it: one that is not (not JSON, the
 * wrong kind of value, an item with a field missing or wrong) is an {@link UnexpectedAnswer} naming
 * the request and what is wrong.
 */
final class GitHubApi {

    static final String MEDIA_TYPE = "application/vnd.github+json";
    static final String API_VERSION = "2022-11-28";
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** An answer that is not what GitHub sends: the run stops before anything is written from it. */
    static final class UnexpectedAnswer extends IOException {
        private static final long serialVersionUID = 1L;

        UnexpectedAnswer(Response answer, String what) {
            super("GET " + Redaction.uri(answer.uri()) + ": " + what + ", which is not what GitHub sends (a proxy in between, or an API "
                    + "change?); nothing of this answer was written, and the next run asks again");
        }
    }

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
    Listing list(String path, String etag, Shape shape) throws IOException, InterruptedException {
        Request first = request(path).ifNoneMatch(etag);
        CompleteListing complete = complete(path, shape);
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
                List<JsonNode> onPage = items(page, shape);
                complete.page(page, onPage.size());
                items.addAll(onPage);
            }
        } catch (SourceClient.PagingException e) {
            throw e.getCause();
        }
        complete.end();
        return new Listing(false, pages == 1 ? firstEtag : null, items);
    }

    /** Pages of a list, each handed to {@code page} as it arrives (for lists too long to hold). */
    void forEachPage(String path, Shape shape, Consumer<List<JsonNode>> page) throws IOException, InterruptedException {
        CompleteListing complete = complete(path, shape);
        try {
            for (Response r : http.linkPages(request(path))) {
                List<JsonNode> onPage = items(r, shape);
                complete.page(r, onPage.size());
                page.accept(onPage);
            }
        } catch (SourceClient.PagingException e) {
            throw e.getCause();
        }
        complete.end();
    }

    private CompleteListing complete(String path, Shape shape) {
        Request any = request(path);
        return new CompleteListing(http, any.withUri(SourceClient.Query.with(any.uri(), "page", "2")), shape);
    }

    JsonNode get(String path, Shape shape) throws IOException, InterruptedException {
        return object(http.send(request(path)), shape);
    }

    /** One object, or empty when GitHub says it is gone (404, 410). */
    Optional<JsonNode> find(String path, Shape shape) throws IOException, InterruptedException {
        try {
            return Optional.of(object(http.send(request(path)), shape));
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
    Optional<JsonNode> findHere(String path, Shape shape) throws IOException, InterruptedException {
        return find(path, shape).filter(node -> node.path("url").asText().endsWith("/" + path));
    }

    /** The README as text, or empty when the repository has none. */
    Optional<String> readme(String repo) throws IOException, InterruptedException {
        Optional<JsonNode> readme = find("repos/" + repo + "/readme", Shape.README);
        return readme.map(r -> new String(Shape.decode(r.path("content").asText()).orElseThrow(), StandardCharsets.UTF_8));
    }

    /**
     * Who may read a private repository: its collaborators and teams. Empty when GitHub will not say
     * (listing them needs push access): the visibility is then unknown.
     */
    Optional<Set<String>> readers(String repo) throws IOException, InterruptedException {
        Set<String> readers = new LinkedHashSet<>();
        try {
            for (JsonNode user : list("repos/" + repo + "/collaborators?per_page=100", null, Shape.USER).items()) {
                readers.add(Principals.user(user.path("login").asText()));
            }
            for (JsonNode team : list("repos/" + repo + "/teams?per_page=100", null, Shape.TEAM).items()) {
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

    /** A page of a list: its items, each checked. */
    static List<JsonNode> items(Response page, Shape shape) throws UnexpectedAnswer {
        JsonNode list = parse(page);
        if (!list.isArray()) {
            throw new UnexpectedAnswer(page, "the answer is " + Shape.kind(list) + ", not a list");
        }
        List<JsonNode> items = new ArrayList<>(list.size());
        for (JsonNode item : list) {
            int number = items.size() + 1;
            Optional<String> problem = shape.problem(item);
            if (problem.isPresent()) {
                throw new UnexpectedAnswer(page, "item " + number + " of the list: " + problem.get());
            }
            items.add(item);
        }
        return items;
    }

    private static JsonNode object(Response answer, Shape shape) throws UnexpectedAnswer {
        JsonNode node = parse(answer);
        Optional<String> problem = shape.problem(node);
        if (problem.isPresent()) {
            throw new UnexpectedAnswer(answer, "the answer: " + problem.get());
        }
        return node;
    }

    /** The answer as JSON (an empty body is none). */
    private static JsonNode parse(Response answer) throws UnexpectedAnswer {
        if (answer.body().length == 0) {
            throw new UnexpectedAnswer(answer, "the answer (" + answer.status() + ") is empty");
        }
        try {
            return JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new UnexpectedAnswer(answer, "the answer (" + answer.status() + ", " + answer.header("Content-Type").orElse("no Content-Type")
                    + ", " + answer.body().length + " bytes) is no JSON (" + Shape.notJson(e) + ")");
        }
    }

    private Request request(String path) {
        return Request.get(base.resolve(path)).withHeader("Accept", MEDIA_TYPE).withHeader("X-GitHub-Api-Version", API_VERSION);
    }
}
