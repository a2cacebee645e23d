package dev.tributary.connector.github.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.api.connector.SyncContext;
import dev.tributary.api.connector.SyncMode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One run. Incremental: each listing is asked conditionally (an unchanged one costs one 304) and
 * issues and comments only since the last change read, with a small overlap. Every
 * {@code reconcileEvery} (and on a full run) everything is listed, so what was deleted or moved at
 * GitHub is pruned; a repository that changed visibility or readers is written again whole.
 */
final class GitHubSync {

    /** Changes this close before the cursor are read again (clock skew, same-second updates). */
    static final Duration OVERLAP = Duration.ofMinutes(1);

    private final SyncContext ctx;
    private final GitHubApi api;
    private final List<String> selectors;
    private final Cursor cursor;
    private final boolean reconcile;
    private final boolean full;

    GitHubSync(SyncContext ctx, GitHubApi api, List<String> selectors, Duration reconcileEvery) {
        this(ctx, api, selectors, Cursor.parse(ctx.checkpoint()), reconcileEvery, false);
    }

    private GitHubSync(SyncContext ctx, GitHubApi api, List<String> selectors, Cursor cursor, Duration reconcileEvery, boolean targeted) {
        this.ctx = ctx;
        this.api = api;
        this.selectors = selectors.isEmpty() ? List.of(Repositories.ALL_VISIBLE) : selectors;
        this.cursor = cursor;
        this.full = !targeted && (ctx.mode() == SyncMode.FULL || cursor.repos.isEmpty());
        this.reconcile = full || (!targeted && cursor.reconcileDue(ctx.startedAt(), reconcileEvery));
    }

    /** For a webhook: single items and repositories, no listing of everything, no cursor kept. */
    static GitHubSync targeted(SyncContext ctx, GitHubApi api) {
        return new GitHubSync(ctx, api, List.of(), new Cursor(), Duration.ZERO, true);
    }

    /** Who may read {@code repo}'s items now. */
    Set<String> readersOf(String repo) throws IOException, InterruptedException {
        return new Readers(repo, Repositories.isPrivate(api.get("repos/" + repo, Shape.REPOSITORY))).get();
    }

    /** Writes a repository and everything of it again (its visibility or readers changed), or deletes it when gone. */
    void rewriteRepository(String name) throws IOException, InterruptedException {
        // transferred or renamed, GitHub answers with the repository under its new name: gone from here
        Optional<JsonNode> repo = api.find("repos/" + name, Shape.REPOSITORY)
                .filter(r -> r.path("full_name").asText().equalsIgnoreCase(name));
        if (repo.isEmpty()) {
            removeRepository(name);
        } else {
            syncRepository(name, repo.get(), true);
        }
    }

    void run() throws IOException, InterruptedException {
        Map<String, JsonNode> current = new LinkedHashMap<>();
        Set<String> known = new TreeSet<>();
        boolean complete = true;
        for (String selector : selectors) {
            GitHubApi.Listing listing = Repositories.list(api, selector, reconcile ? null : cursor.listings.get(selector));
            cursor.listings.put(selector, listing.etag());
            if (listing.unchanged()) {
                cursor.repos.forEach((name, r) -> {
                    if (selector.equals(r.from)) {
                        known.add(name);
                    }
                });
                complete = false;
            } else {
                for (JsonNode repo : listing.items()) {
                    String name = repo.path("full_name").asText();
                    current.put(name, repo);
                    known.add(name);
                    cursor.repos.computeIfAbsent(name, n -> new Cursor.Repo()).from = selector;
                }
            }
        }
        if (complete) {
            for (String gone : new HashSet<>(cursor.repos.keySet())) {
                if (!known.contains(gone)) {
                    removeRepository(gone);
                }
            }
        }
        long done = 0;
        for (String name : known) {
            if (ctx.isCancelled()) {
                return;
            }
            syncRepository(name, current.get(name), false);
            ctx.progress(++done, known.size());
            ctx.commit(cursor.write());
        }
        if (reconcile && complete && !ctx.isCancelled()) {
            cursor.reconciled = ctx.startedAt().toString();
            ctx.listingComplete();
        }
        ctx.commit(cursor.write());
    }

    /** A repository no longer listed (deleted, transferred, access lost): everything of it goes. */
    private void removeRepository(String name) {
        for (String id : ctx.stored(Items.repoPrefix(name))) {
            ctx.delete(id);
        }
        cursor.repos.remove(name);
        ctx.log().info("Repository {} is no longer listed: its documents are deleted", name);
    }

    /**
     * One repository; {@code repo} is null when its listing was unchanged.
     */
    private void syncRepository(String name, JsonNode repo, boolean force) throws IOException, InterruptedException {
        Cursor.Repo state = cursor.repos.computeIfAbsent(name, n -> new Cursor.Repo());
        Readers readers = new Readers(name, repo == null ? state.privateRepo : Repositories.isPrivate(repo));
        boolean rewrite = force || full || state.updated == null;
        if (repo != null && state.updated != null && Repositories.isPrivate(repo) != state.privateRepo) {
            ctx.log().info("Repository {} is now {}: everything of it is written again with its new readers", name,
                    Repositories.isPrivate(repo) ? "private" : "public");
            rewrite = true;
        }
        if (reconcile && !rewrite && !readers.fingerprint().equals(state.readers)) {
            ctx.log().info("The readers of repository {} changed: everything of it is written again", name);
            rewrite = true;
        }
        if (repo != null) {
            state.privateRepo = Repositories.isPrivate(repo);
            String updated = Repositories.changed(repo);
            if (rewrite || !updated.equals(state.updated)) {
                ctx.emit(Items.repository(repo, api.readme(name).orElse(""), readers.get()));
                state.updated = updated;
            }
        }
        if (reconcile) {
            ctx.listed(Items.repoPrefix(name));
        }
        boolean listAll = reconcile || rewrite;
        Instant emitFrom = rewrite ? null : since(state.issuesSince);
        // issues and pull requests
        GitHubApi.Listing issues = api.list(GitHubApi.issues(name, listAll ? null : emitFrom), listAll ? null : state.issuesEtag,
                Shape.ISSUE);
        if (!issues.unchanged()) {
            for (JsonNode issue : issues.items()) {
                String id = Items.issueId(name, issue.path("number").asLong());
                if (reconcile) {
                    ctx.listed(id);
                }
                if (isAtOrAfter(issue, emitFrom)) {
                    ctx.emit(Items.issue(name, issue, readers.get()));
                }
                state.issuesSince = later(state.issuesSince, issue.path("updated_at").asText());
            }
            state.issuesEtag = listAll ? prime(GitHubApi.issues(name, since(state.issuesSince)), Shape.ISSUE) : issues.etag();
        }
        Instant commentsFrom = rewrite ? null : since(state.commentsSince);
        GitHubApi.Listing comments = api.list(GitHubApi.comments(name, listAll ? null : commentsFrom), listAll ? null : state.commentsEtag,
                Shape.COMMENT);
        if (!comments.unchanged()) {
            for (JsonNode comment : comments.items()) {
                String id = Items.commentId(name, comment.path("id").asLong());
                if (reconcile) {
                    ctx.listed(id);
                }
                if (isAtOrAfter(comment, commentsFrom)) {
                    ctx.emit(Items.comment(name, comment, readers.get()));
                }
                state.commentsSince = later(state.commentsSince, comment.path("updated_at").asText());
            }
            state.commentsEtag = listAll ? prime(GitHubApi.comments(name, since(state.commentsSince)), Shape.COMMENT) : comments.etag();
        }
        if (readers.known()) {
            state.readers = readers.fingerprint();
        }
    }

    /**
     * After a full listing: the ETag of the listing the next run will ask for, so that it costs one
     * 304 when nothing changed (one request now, instead of a whole answer then).
     */
    private String prime(String path, Shape shape) throws IOException, InterruptedException {
        return path.contains("since=") ? api.list(path, null, shape).etag() : null;
    }

    private static Instant since(String cursorTime) {
        return cursorTime == null ? null : Instant.parse(cursorTime).minus(OVERLAP);
    }

    private static boolean isAtOrAfter(JsonNode item, Instant from) {
        return from == null || !Items.instant(item, "updated_at").isBefore(from);
    }

    private static String later(String a, String b) {
        return a == null || Instant.parse(b).isAfter(Instant.parse(a)) ? b : a;
    }

    /** Who may read a repository's items, asked of GitHub once per run and only when needed. */
    private final class Readers {
        private final String repo;
        private final boolean privateRepo;
        private Optional<Set<String>> readers;

        Readers(String repo, boolean privateRepo) {
            this.repo = repo;
            this.privateRepo = privateRepo;
        }

        /** The principals; none when they cannot be known (nothing of it is then searchable). */
        Set<String> get() throws IOException, InterruptedException {
            if (!privateRepo) {
                return Principals.PUBLIC;
            }
            if (readers == null) {
                readers = api.readers(repo);
                if (readers.isEmpty()) {
                    ctx.log().warn("Repository {} is private and GitHub does not say who may read it (listing its collaborators needs "
                            + "push access): nothing of it is searchable until the token may list them", repo);
                }
            }
            return readers.orElse(Set.of());
        }

        boolean known() {
            return !privateRepo || (readers != null && readers.isPresent());
        }

        String fingerprint() throws IOException, InterruptedException {
            return Integer.toHexString(new TreeSet<>(get()).hashCode());
        }
    }
}
