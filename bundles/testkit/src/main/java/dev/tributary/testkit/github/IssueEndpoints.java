package dev.tributary.testkit.github;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** Issues, pull requests and issue comments. */
final class IssueEndpoints extends Endpoints {
    private static final String ISSUES_DOCS = "https://docs.github.com/rest/issues/issues";
    private static final String COMMENTS_DOCS = "https://docs.github.com/rest/issues/comments";
    private static final Duration MONTH = Duration.ofDays(30);

    IssueEndpoints(World world, Renderer render, Paging paging) {
        super(world, render, paging);
    }

    @Override
    List<Route> routes() {
        return List.of(
                new Route("repos/{owner}/{repo}/issues", ISSUES_DOCS + "#list-repository-issues", this::issues),
                new Route("repos/{owner}/{repo}/issues/{issue_number}", ISSUES_DOCS + "#get-an-issue", this::issue),
                new Route("repos/{owner}/{repo}/issues/comments",
                        COMMENTS_DOCS + "#list-issue-comments-for-a-repository", this::repoComments),
                new Route("repos/{owner}/{repo}/issues/comments/{comment_id}", COMMENTS_DOCS + "#get-an-issue-comment",
                        this::comment),
                new Route("repos/{owner}/{repo}/issues/{issue_number}/comments", COMMENTS_DOCS + "#list-issue-comments",
                        this::issueComments),
                new Route("repos/{owner}/{repo}/pulls", "https://docs.github.com/rest/pulls/pulls#list-pull-requests",
                        this::pulls));
    }

    /**
     * GET /repos/{o}/{r}/issues: pull requests included (with a {@code pull_request} key); state open by
     * default; sort created|updated|comments, direction desc by default; {@code since} on updated_at,
     * inclusive; ties in the sort key go by number.
     */
    private Reply issues(Call c) {
        Repo repo = readableRepo(c);
        unsupported(c, "milestone", "assignee", "type", "mentioned", "issue_field_values");
        Predicate<Issue> state = state(c, "Issue");
        String sort = choice(c, "Issue", "sort", "created", "created", "updated", "comments");
        boolean descending = choice(c, "Issue", "direction", "desc", "asc", "desc").equals("desc");
        Optional<Instant> since = time(c, "Issue", "since");
        Optional<String> creator = c.query("creator");
        List<String> labels = c.query("labels").map(l -> Arrays.asList(l.split(","))).orElse(List.of());
        List<Issue> found = repo.issues.stream()
                .filter(Issue::live)
                .filter(state)
                .filter(i -> updatedSince(i.updatedAt, since))
                .filter(i -> creator.map(i.author.login::equalsIgnoreCase).orElse(true))
                .filter(i -> i.labels.containsAll(labels))
                .toList();
        return paging.reply(c, sorted(found, order(sort), descending), render::issue);
    }

    private Reply issue(Call c) {
        return Reply.json(render.issue(readableIssue(c, "")));
    }

    /** GET /repos/{o}/{r}/issues/{n}/comments: oldest first (by id), {@code since} on updated_at. */
    private Reply issueComments(Call c) {
        Issue issue = readableIssue(c, "/comments");
        Optional<Instant> since = time(c, "IssueComment", "since");
        List<Comment> found = issue.comments.stream()
                .filter(x -> !x.deleted && updatedSince(x.updatedAt, since))
                .sorted(Comparator.comparingLong(x -> x.id))
                .toList();
        return paging.reply(c, found, render::comment);
    }

    /**
     * GET /repos/{o}/{r}/issues/comments: comments on all issues and pull requests, "by default ordered
     * by ascending ID"; with {@code sort} (created|updated), {@code direction} applies (asc unless given),
     * "ignored without the sort parameter"; {@code since} on updated_at, inclusive.
     */
    private Reply repoComments(Call c) {
        Repo repo = readableRepo(c);
        Optional<String> sort = c.query("sort").isPresent()
                ? Optional.of(choice(c, "IssueComment", "sort", "created", "created", "updated"))
                : Optional.empty();
        boolean descending = choice(c, "IssueComment", "direction", "asc", "asc", "desc").equals("desc");
        Optional<Instant> since = time(c, "IssueComment", "since");
        List<Comment> found = repoComments(repo).filter(x -> updatedSince(x.updatedAt, since)).toList();
        Comparator<Comment> byId = Comparator.comparingLong(x -> x.id);
        List<Comment> ordered = sort.isEmpty() ? sorted(found, byId, false)
                : sorted(found, Comparator.comparing((Comment x) -> sort.get().equals("updated") ? x.updatedAt : x.createdAt)
                        .thenComparing(byId), descending);
        return paging.reply(c, ordered, render::comment);
    }

    private Reply comment(Call c) {
        Repo repo = readableRepo(c);
        long id = c.number("comment_id");
        return repoComments(repo).filter(x -> x.id == id).findFirst().map(render::comment).map(Reply::json)
                .orElseThrow(c::notFound);
    }

    private static java.util.stream.Stream<Comment> repoComments(Repo repo) {
        return repo.issues.stream().filter(Issue::live).flatMap(i -> i.comments.stream()).filter(x -> !x.deleted);
    }

    /**
     * GET /repos/{o}/{r}/pulls: no {@code since}; sort created (default) | updated | popularity (comment
     * count) | long-running (by creation, only pull requests open for over a month with activity in the
     * last month); direction "desc when sort is created or sort is not specified, otherwise asc".
     */
    private Reply pulls(Call c) {
        Repo repo = readableRepo(c);
        unsupported(c, "head", "base");
        Predicate<Issue> state = state(c, "PullRequest");
        String sort = choice(c, "PullRequest", "sort", "created", "created", "updated", "popularity", "long-running");
        String defaultDirection = sort.equals("created") ? "desc" : "asc";
        boolean descending = choice(c, "PullRequest", "direction", defaultDirection, "asc", "desc").equals("desc");
        Predicate<Issue> longRunning = i -> !sort.equals("long-running")
                || (i.state.equals("open") && i.createdAt.isBefore(c.now.minus(MONTH))
                        && !i.updatedAt.isBefore(c.now.minus(MONTH)));
        List<Issue> found = repo.issues.stream()
                .filter(i -> i.live() && i.isPullRequest())
                .filter(state)
                .filter(longRunning)
                .toList();
        return paging.reply(c, sorted(found, order(sort), descending), i -> render.pull(i, c.user));
    }

    /** By the sort key (comment count for "comments" and "popularity", else a time), ties by number. */
    private static Comparator<Issue> order(String sort) {
        Comparator<Issue> key = switch (sort) {
            case "updated" -> Comparator.comparing((Issue i) -> i.updatedAt);
            case "comments", "popularity" -> Comparator.comparingInt(Issue::liveComments);
            default -> Comparator.comparing((Issue i) -> i.createdAt);
        };
        return key.thenComparingInt(i -> i.number);
    }

    private static Predicate<Issue> state(Call c, String resource) {
        String state = choice(c, resource, "state", "open", "open", "closed", "all");
        return i -> state.equals("all") || i.state.equals(state);
    }

    /**
     * The issue {n} of a readable repository, as https://docs.github.com/rest/issues/issues#get-an-issue
     * describes: 301 to where it was transferred, 410 Gone when it was deleted, 404 when the repository
     * it went to (or the one it was deleted from) cannot be read.
     */
    private Issue readableIssue(Call c, String suffix) {
        Repo repo = readableRepo(c);
        long number = c.number("issue_number");
        Issue issue = repo.issues.stream().filter(i -> i.number == number).findFirst().orElseThrow(c::notFound);
        if (issue.deleted) {
            throw new Answer(Reply.error(410, "This issue was deleted", c.docs));
        }
        if (issue.transferredTo != null) {
            Issue now = issue;
            while (now.transferredTo != null) {
                now = now.transferredTo;
            }
            if (now.repo.deleted || !Access.canRead(c.user, now.repo)) {
                throw c.notFound();
            }
            String query = c.query.isEmpty() ? "" : "?" + c.query.encoded();
            throw new Answer(Reply.moved(render.issueApi(now) + suffix + query));
        }
        return issue;
    }
}
