package dev.tributary.testkit.github;

import java.time.Instant;

/** A comment on an issue or pull request ("issue comment" in GitHub's API). */
public final class Comment {
    final World world;
    final long id;
    final Account author;
    final Instant createdAt;
    Issue issue;
    String body;
    String previousBody;
    Instant updatedAt;
    boolean deleted;

    Comment(World world, Issue issue, long id, Account author, String body, Instant now) {
        this.world = world;
        this.issue = issue;
        this.id = id;
        this.author = author;
        this.body = body;
        this.createdAt = now;
        this.updatedAt = now;
    }

    public long id() {
        return id;
    }

    public Issue issue() {
        synchronized (world) {
            return issue;
        }
    }

    /** Moves this comment's {@code updated_at}, not the issue's (see {@link Issue#comment}). */
    public Comment edit(String text) {
        synchronized (world) {
            previousBody = body;
            body = text;
            updatedAt = world.stamp();
        }
        return this;
    }

    /** Removes the comment from every list; the issue's {@code comments} count drops. */
    public void delete() {
        synchronized (world) {
            deleted = true;
        }
    }

    @Override
    public String toString() {
        return "Comment[" + id + "]";
    }
}
