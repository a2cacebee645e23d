package dev.tributary.testkit.github;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the fake knows: accounts, tokens, teams, repositories and the clock. One monitor (this
 * object) guards all of it, so the server's threads and the test's thread see one consistent state.
 */
final class World {
    private Instant now;
    private long nextAccountId = 1;
    private long nextRepoId = 100_000;
    private long nextIssueId = 2_000_000;
    private long nextPullId = 3_000_000;
    private long nextCommentId = 4_000_000;
    private long nextTeamId = 500;
    private long nextLabelId = 6_000_000;

    private final Map<String, Account> accounts = new LinkedHashMap<>();
    private final Map<String, Account> tokens = new HashMap<>();
    private final Map<String, Team> teams = new LinkedHashMap<>();
    private final Map<String, List<Account>> orgMembers = new HashMap<>();
    private final List<Repo> repos = new ArrayList<>();
    /** Former "owner/name" (lower case) of a transferred repository → where it lives now. */
    private final Map<String, Repo> moved = new HashMap<>();

    World(Instant start) {
        this.now = start;
    }

    synchronized Instant now() {
        return now;
    }

    synchronized void advance(Duration d) {
        now = now.plus(d);
    }

    /** GitHub's timestamps have whole seconds; every stored time is one. */
    synchronized Instant stamp() {
        return now.truncatedTo(ChronoUnit.SECONDS);
    }

    synchronized Account account(String login) {
        if (login == null || login.isBlank()) {
            throw new IllegalArgumentException("a login is needed");
        }
        return accounts.computeIfAbsent(key(login), k -> new Account(login, nextAccountId++, stamp()));
    }

    synchronized Optional<Account> findAccount(String login) {
        return Optional.ofNullable(accounts.get(key(login)));
    }

    synchronized Account organization(String login) {
        Account org = account(login);
        org.organization = true;
        return org;
    }

    synchronized void addOrgMember(Account org, Account member) {
        List<Account> members = orgMembers.computeIfAbsent(key(org.login), k -> new ArrayList<>());
        if (!members.contains(member)) {
            members.add(member);
        }
    }

    synchronized boolean isOrgMember(Account org, Account user) {
        return org.organization && orgMembers.getOrDefault(key(org.login), List.of()).contains(user);
    }

    synchronized void token(String token, Account user) {
        tokens.put(token, user);
    }

    synchronized Optional<Account> userOfToken(String token) {
        return Optional.ofNullable(tokens.get(token));
    }

    synchronized Team team(Account org, String slug) {
        return teams.computeIfAbsent(key(org.login) + "/" + key(slug), k -> new Team(org, slug, nextTeamId++));
    }

    synchronized Optional<Team> findTeam(String org, String slug) {
        return Optional.ofNullable(teams.get(key(org) + "/" + key(slug)));
    }

    synchronized Repo newRepo(Account owner, String name, boolean isPrivate) {
        if (findRepo(owner.login, name).isPresent()) {
            throw new IllegalStateException("repository exists already: " + owner.login + "/" + name);
        }
        Repo repo = new Repo(this, nextRepoId++, owner, name, isPrivate, stamp());
        repos.add(repo);
        return repo;
    }

    /** Owner and name are not case sensitive (https://docs.github.com/rest/repos/repos#get-a-repository). */
    synchronized Optional<Repo> findRepo(String owner, String name) {
        return repos.stream()
                .filter(r -> !r.deleted && r.owner.login.equalsIgnoreCase(owner) && r.name.equalsIgnoreCase(name))
                .findFirst();
    }

    synchronized Optional<Repo> movedRepo(String owner, String name) {
        return Optional.ofNullable(moved.get(key(owner) + "/" + key(name))).filter(r -> !r.deleted);
    }

    synchronized void recordMove(Account oldOwner, Repo repo) {
        moved.put(key(oldOwner.login) + "/" + key(repo.name), repo);
    }

    synchronized List<Repo> liveRepos() {
        return repos.stream().filter(r -> !r.deleted).toList();
    }

    synchronized long nextIssueId() {
        return nextIssueId++;
    }

    synchronized long nextPullId() {
        return nextPullId++;
    }

    synchronized long nextCommentId() {
        return nextCommentId++;
    }

    synchronized long nextLabelId() {
        return nextLabelId++;
    }

    private static String key(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
