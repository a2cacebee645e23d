package dev.tributary.testkit.github;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An issue or a pull request: GitHub's REST API "considers every pull request an issue", numbers both
 * from one sequence and lists both under /issues (https://docs.github.com/rest/issues/issues#list-repository-issues).
 * A pull request has a second id of its own, the one the pulls endpoints show.
 */
public final class Issue {
    final World world;
    final Repo repo;
    final int number;
    final long id;
    /** 0 for a plain issue. */
    final long pullId;
    final Account author;
    final Instant createdAt;
    String title;
    String body;
    String state = "open";
    String stateReason;
    Instant updatedAt;
    Instant closedAt;
    boolean deleted;
    Issue transferredTo;
    /** Title and body before the last {@link #edit}, for the {@code issues.edited} payload's {@code changes}. */
    String previousTitle;
    String previousBody;
    final List<String> labels = new ArrayList<>();
    final List<Comment> comments = new ArrayList<>();

    Issue(World world, Repo repo, int number, long id, long pullId, Account author, String title, String body,
            Instant now) {
        this.world = world;
        this.repo = repo;
        this.number = number;
        this.id = id;
        this.pullId = pullId;
        this.author = author;
        this.title = title;
        this.body = body;
        this.createdAt = now;
        this.updatedAt = now;
    }

    public int number() {
        return number;
    }

    public long id() {
        return id;
    }

    public boolean isPullRequest() {
        return pullId != 0;
    }

    public Repo repo() {
        return repo;
    }

    public Issue edit(String newTitle, String newBody) {
        synchronized (world) {
            previousTitle = title;
            previousBody = body;
            title = newTitle;
            body = newBody;
            touch();
        }
        return this;
    }

    /** Closes as completed; {@code closed_at} and {@code updated_at} take now(). */
    public Issue close() {
        synchronized (world) {
            state = "closed";
            stateReason = isPullRequest() ? null : "completed";
            touch();
            closedAt = updatedAt;
        }
        return this;
    }

    public Issue reopen() {
        synchronized (world) {
            state = "open";
            stateReason = isPullRequest() ? null : "reopened";
            closedAt = null;
            touch();
        }
        return this;
    }

    /** Replaces the labels. */
    public Issue labels(String... names) {
        synchronized (world) {
            labels.clear();
            labels.addAll(Arrays.asList(names));
            labels.forEach(repo::labelId);
            touch();
        }
        return this;
    }

    /**
     * Adds a comment. A new comment moves the issue's {@code updated_at} (observed on github.com: issues
     * with new comments come back from {@code since}); editing or deleting a comment does not, only the
     * comment's own {@code updated_at} moves.
     */
    public Comment comment(String commentAuthor, String text) {
        synchronized (world) {
            Comment c = new Comment(world, this, world.nextCommentId(), world.account(commentAuthor), text,
                    world.stamp());
            comments.add(c);
            touch();
            return c;
        }
    }

    /**
     * Deletes the issue (https://docs.github.com/issues/tracking-your-work-with-issues/administering-issues/deleting-an-issue):
     * GET answers 410 Gone to those who can read the repository, and lists leave it out.
     */
    public void delete() {
        synchronized (world) {
            if (isPullRequest()) {
                throw new IllegalStateException("GitHub cannot delete pull requests");
            }
            deleted = true;
        }
    }

    /**
     * Transfers the issue with its comments to another repository
     * (https://docs.github.com/issues/tracking-your-work-with-issues/administering-issues/transferring-an-issue-to-another-repository):
     * it gets a new number there and GET of the old one answers 301 to the new one.
     */
    public Issue transfer(Repo target) {
        synchronized (world) {
            if (isPullRequest() || !live()) {
                throw new IllegalStateException(this + " cannot be transferred: pull requests, deleted and transferred"
                        + " issues cannot");
            }
            Issue moved = target.adopt(this);
            for (Comment c : comments) {
                c.issue = moved;
                moved.comments.add(c);
            }
            comments.clear();
            transferredTo = moved;
            return moved;
        }
    }

    /** Listed and readable: neither deleted nor transferred away. */
    boolean live() {
        return !deleted && transferredTo == null;
    }

    int liveComments() {
        return (int) comments.stream().filter(c -> !c.deleted).count();
    }

    void touch() {
        updatedAt = world.stamp();
    }

    @Override
    public String toString() {
        return (isPullRequest() ? "PullRequest[" : "Issue[") + repo.fullName() + "#" + number + "]";
    }
}
