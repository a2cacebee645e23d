package dev.tributary.testkit.github;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/** The authenticated user, repository lists of users and organizations, team members. */
final class AccountEndpoints extends Endpoints {
    AccountEndpoints(World world, Renderer render, Paging paging) {
        super(world, render, paging);
    }

    @Override
    List<Route> routes() {
        return List.of(
                new Route("user", "https://docs.github.com/rest/users/users#get-the-authenticated-user",
                        c -> Reply.json(render.authenticatedUser(c.user))),
                new Route("user/repos", REPOS_DOCS + "#list-repositories-for-the-authenticated-user", this::userRepos),
                new Route("orgs/{org}/repos", REPOS_DOCS + "#list-organization-repositories", this::orgRepos),
                new Route("users/{username}/repos", REPOS_DOCS + "#list-repositories-for-a-user", this::usersRepos),
                new Route("orgs/{org}/teams/{team_slug}/members",
                        "https://docs.github.com/rest/teams/members#list-team-members", this::teamMembers));
    }

    /**
     * GET /user/repos: repositories the user has explicit access to; {@code affiliation} (default
     * owner,collaborator,organization_member), {@code visibility}, or {@code type} — which is 422 together
     * with either of the others; {@code since}/{@code before} on updated_at; sort full_name by default.
     */
    private Reply userRepos(Call c) {
        boolean typed = c.query("type").isPresent();
        if (typed && (c.query("visibility").isPresent() || c.query("affiliation").isPresent())) {
            throw new Answer(Reply.invalid("Repository", "type", c.docs));
        }
        String type = choice(c, "Repository", "type", "all", "all", "owner", "public", "private", "member");
        String visibility = choice(c, "Repository", "visibility", "all", "all", "public", "private");
        List<String> affiliation = List.of(c.query("affiliation")
                .orElse(type.equals("owner") ? "owner" : type.equals("member") ? "collaborator,organization_member"
                        : "owner,collaborator,organization_member")
                .split(","));
        String shown = typed && (type.equals("public") || type.equals("private")) ? type : visibility;
        Optional<Instant> since = time(c, "Repository", "since");
        Optional<Instant> before = time(c, "Repository", "before");
        Predicate<Repo> related = r -> (affiliation.contains("owner") && r.owner == c.user)
                || (affiliation.contains("collaborator") && r.collaborators.containsKey(c.user))
                || (affiliation.contains("organization_member")
                        && r.teams.keySet().stream().anyMatch(t -> t.members.contains(c.user)));
        List<Repo> repos = world.liveRepos().stream()
                .filter(related)
                .filter(r -> shown.equals("all") || r.isPrivate == shown.equals("private"))
                .filter(r -> updatedSince(r.updatedAt, since))
                .filter(r -> before.map(b -> r.updatedAt.isBefore(b)).orElse(true))
                .toList();
        return repoPage(c, repos, "full_name");
    }

    /** GET /orgs/{org}/repos: the organization's repositories the caller can read; sort created by default. */
    private Reply orgRepos(Call c) {
        Account org = world.findAccount(c.param("org")).filter(a -> a.organization).orElseThrow(c::notFound);
        String type = choice(c, "Repository", "type", "all", "all", "public", "private", "forks", "sources", "member");
        List<Repo> repos = world.liveRepos().stream()
                .filter(r -> r.owner == org && Access.canRead(c.user, r))
                .filter(r -> switch (type) {
                    case "public" -> !r.isPrivate;
                    case "private" -> r.isPrivate;
                    case "forks" -> false;
                    case "member" -> Access.role(c.user, r).isPresent();
                    default -> true;
                })
                .toList();
        return repoPage(c, repos, "created");
    }

    /** GET /users/{username}/repos: that account's public repositories (type owner by default). */
    private Reply usersRepos(Call c) {
        Account account = world.findAccount(c.param("username")).orElseThrow(c::notFound);
        String type = choice(c, "Repository", "type", "owner", "all", "owner", "member");
        List<Repo> repos = world.liveRepos().stream()
                .filter(r -> !r.isPrivate)
                .filter(r -> (!type.equals("member") && r.owner == account)
                        || (!type.equals("owner") && r.collaborators.containsKey(account)))
                .toList();
        return repoPage(c, repos, "full_name");
    }

    /** Sorts by created|updated|pushed|full_name; direction "asc when using full_name, otherwise desc". */
    private Reply repoPage(Call c, List<Repo> repos, String defaultSort) {
        String sort = choice(c, "Repository", "sort", defaultSort, "created", "updated", "pushed", "full_name");
        String defaultDirection = sort.equals("full_name") ? "asc" : "desc";
        boolean descending = choice(c, "Repository", "direction", defaultDirection, "asc", "desc").equals("desc");
        Comparator<Repo> order = switch (sort) {
            case "created" -> Comparator.comparing((Repo r) -> r.createdAt);
            case "updated" -> Comparator.comparing((Repo r) -> r.updatedAt);
            case "pushed" -> Comparator.comparing((Repo r) -> r.pushedAt);
            default -> Comparator.comparing((Repo r) -> (r.owner.login + "/" + r.name).toLowerCase(Locale.ROOT));
        };
        return paging.reply(c, sorted(repos, order.thenComparingLong(r -> r.id), descending),
                r -> render.repo(r, c.user));
    }

    /**
     * GET /orgs/{org}/teams/{team_slug}/members: "the team must be visible to the authenticated user",
     * which here means the caller belongs to the organization; 404 otherwise. Everyone is a plain member.
     */
    private Reply teamMembers(Call c) {
        Account org = world.findAccount(c.param("org")).filter(a -> a.organization).orElseThrow(c::notFound);
        Team team = world.findTeam(org.login, c.param("team_slug")).orElseThrow(c::notFound);
        if (!world.isOrgMember(org, c.user)) {
            throw c.notFound();
        }
        String role = choice(c, "Team", "role", "all", "member", "maintainer", "all");
        List<Account> members = role.equals("maintainer") ? List.of() : team.members;
        return paging.reply(c, members, render::user);
    }
}
