package dev.tributary.testkit.github;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A repository of the fake. Every change stamps {@code updated_at} with the fake's clock. Made by
 * {@link FakeGitHub#repo(String, String, boolean)}.
 */
public final class Repo {
    final World world;
    final long id;
    final String name;
    final Instant createdAt;
    Account owner;
    /** Who owned it before the last {@link #transfer(String)}, for the {@code repository.transferred} payload. */
    Account previousOwner;
    boolean isPrivate;
    String description;
    String readme;
    Instant updatedAt;
    Instant pushedAt;
    boolean deleted;
    final Map<Account, Permission> collaborators = new LinkedHashMap<>();
    final Map<Team, Permission> teams = new LinkedHashMap<>();
    final List<Issue> issues = new ArrayList<>();
    private final Map<String, Long> labelIds = new LinkedHashMap<>();
    private int nextNumber = 1;

    Repo(World world, long id, Account owner, String name, boolean isPrivate, Instant now) {
        this.world = world;
        this.id = id;
        this.owner = owner;
        this.name = name;
        this.isPrivate = isPrivate;
        this.createdAt = now;
        this.updatedAt = now;
        this.pushedAt = now;
    }

    public long id() {
        return id;
    }

    public String owner() {
        synchronized (world) {
            return owner.login;
        }
    }

    public String name() {
        return name;
    }

    public String fullName() {
        synchronized (world) {
            return owner.login + "/" + name;
        }
    }

    public boolean isPrivate() {
        synchronized (world) {
            return isPrivate;
        }
    }

    public Repo description(String text) {
        synchronized (world) {
            description = text;
            touch();
        }
        return this;
    }

    /** Commits a README.md (markdown) to the default branch: {@code pushed_at} moves too. */
    public Repo readme(String markdown) {
        synchronized (world) {
            readme = markdown;
            touch();
            pushedAt = updatedAt;
        }
        return this;
    }

    /** Adds a collaborator with write ("push") access. */
    public Repo collaborator(String login) {
        return collaborator(login, "push");
    }

    /** Adds a collaborator with a role: pull, triage, push, maintain or admin. */
    public Repo collaborator(String login, String permission) {
        synchronized (world) {
            collaborators.put(world.account(login), Permission.of(permission));
            touch();
        }
        return this;
    }

    /**
     * Gives team {@code org/slug} read ("pull") access; the members are added to the team (and so to the
     * organization). Only an organization's own repositories can be given to its teams.
     */
    public Repo team(String org, String slug, String... members) {
        synchronized (world) {
            if (!owner.login.equalsIgnoreCase(org)) {
                throw new IllegalArgumentException("team " + org + "/" + slug + " cannot be given " + fullName()
                        + ": only repositories owned by " + org + " can");
            }
            Account organization = world.organization(org);
            Team team = world.team(organization, slug);
            for (String login : members) {
                Account member = world.account(login);
                if (!team.members.contains(member)) {
                    team.members.add(member);
                }
                world.addOrgMember(organization, member);
            }
            teams.putIfAbsent(team, Permission.PULL);
            touch();
        }
        return this;
    }

    public Repo setPrivate(boolean value) {
        synchronized (world) {
            isPrivate = value;
            touch();
        }
        return this;
    }

    /** Deletes the repository: every URL under it answers 404 afterwards. */
    public void delete() {
        synchronized (world) {
            deleted = true;
        }
    }

    /** Moves the repository to another owner; requests to the old path get 301 to the new one. */
    public Repo transfer(String newOwner) {
        synchronized (world) {
            Account target = world.account(newOwner);
            if (world.findRepo(target.login, name).isPresent()) {
                throw new IllegalStateException(newOwner + " has a repository " + name + " already");
            }
            previousOwner = owner;
            world.recordMove(owner, this);
            owner = target;
            touch();
        }
        return this;
    }

    public Issue issue(String title, String body, String author) {
        return open(title, body, author, false);
    }

    public Issue pullRequest(String title, String body, String author) {
        return open(title, body, author, true);
    }

    /** The issue or pull request with this number, unless it was deleted or transferred. */
    public Optional<Issue> find(int number) {
        synchronized (world) {
            return issues.stream().filter(i -> i.number == number && i.live()).findFirst();
        }
    }

    private Issue open(String title, String body, String author, boolean pull) {
        synchronized (world) {
            Issue issue = new Issue(world, this, nextNumber++, world.nextIssueId(), pull ? world.nextPullId() : 0,
                    world.account(author), title, body, world.stamp());
            issues.add(issue);
            return issue;
        }
    }

    /** Takes an issue transferred in from another repository under a new number. */
    Issue adopt(Issue from) {
        Issue copy = new Issue(world, this, nextNumber++, world.nextIssueId(), 0, from.author, from.title,
                from.body, from.createdAt);
        copy.state = from.state;
        copy.stateReason = from.stateReason;
        copy.closedAt = from.closedAt;
        copy.labels.addAll(from.labels);
        copy.updatedAt = world.stamp();
        issues.add(copy);
        return copy;
    }

    long labelId(String label) {
        return labelIds.computeIfAbsent(label, l -> world.nextLabelId());
    }

    void touch() {
        updatedAt = world.stamp();
    }

    @Override
    public String toString() {
        return "Repo[" + fullName() + "]";
    }
}
