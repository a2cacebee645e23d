package dev.tributary.testkit.github;

import java.time.Instant;

/**
 * A user or an organization. GitHub gives both their ids from one sequence and renders both as the
 * same "simple user" object, told apart by {@code type} ("User" or "Organization").
 */
final class Account {
    final String login;
    final long id;
    final Instant createdAt;
    /** Becomes true when the login is declared an organization (or gets a team). */
    boolean organization;

    Account(String login, long id, Instant createdAt) {
        this.login = login;
        this.id = id;
        this.createdAt = createdAt;
    }

    String type() {
        return organization ? "Organization" : "User";
    }
}
