package dev.tributary.testkit.github;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One repository: itself, its README, its collaborators and teams. */
final class RepoEndpoints extends Endpoints {
    RepoEndpoints(World world, Renderer render, Paging paging) {
        super(world, render, paging);
    }

    @Override
    List<Route> routes() {
        return List.of(
                new Route("repos/{owner}/{repo}", REPOS_DOCS + "#get-a-repository",
                        c -> Reply.json(render.repo(readableRepo(c), c.user))),
                new Route("repos/{owner}/{repo}/readme",
                        "https://docs.github.com/rest/repos/contents#get-a-repository-readme", this::readme),
                new Route("repos/{owner}/{repo}/collaborators",
                        "https://docs.github.com/rest/collaborators/collaborators#list-repository-collaborators",
                        this::collaborators),
                new Route("repos/{owner}/{repo}/teams", REPOS_DOCS + "#list-repository-teams", this::teams));
    }

    /**
     * The README as JSON with base64 content, or raw markdown when asked for with
     * {@code Accept: application/vnd.github.raw} (or {@code .raw+json}); 404 when there is none.
     */
    private Reply readme(Call c) {
        Repo repo = readableRepo(c);
        boolean otherRef = c.query("ref").filter(ref -> !ref.equals("main")).isPresent();
        if (repo.readme == null || otherRef) {
            throw c.notFound();
        }
        String accept = c.header("accept").orElse("").toLowerCase(Locale.ROOT);
        if (accept.contains("application/vnd.github.raw") || accept.contains("application/vnd.github.v3.raw")) {
            return Reply.text(repo.readme, "application/vnd.github.raw; charset=utf-8");
        }
        return Reply.json(render.readme(repo));
    }

    /**
     * GET /repos/{o}/{r}/collaborators: only for those with push access (403 "Must have push access to
     * view repository collaborators." otherwise, as github.com answers). Lists the owner (a user), direct
     * collaborators and, unless {@code affiliation=direct|outside}, members of the teams given the repository,
     * each with their highest role.
     */
    private Reply collaborators(Call c) {
        Repo repo = pushable(c, "Must have push access to view repository collaborators.");
        String affiliation = choice(c, "Repository", "affiliation", "all", "outside", "direct", "all");
        Map<Account, Permission> people = new LinkedHashMap<>();
        if (!repo.owner.organization && !affiliation.equals("outside")) {
            people.put(repo.owner, Permission.ADMIN);
        }
        repo.collaborators.forEach((who, role) -> {
            if (!affiliation.equals("outside") || !world.isOrgMember(repo.owner, who)) {
                people.merge(who, role, RepoEndpoints::higher);
            }
        });
        if (affiliation.equals("all")) {
            repo.teams.forEach((team, role) -> team.members.forEach(m -> people.merge(m, role, RepoEndpoints::higher)));
        }
        List<Map.Entry<Account, Permission>> listed = new ArrayList<>(people.entrySet());
        c.query("permission").map(Permission::of).ifPresent(p -> listed.removeIf(e -> e.getValue() != p));
        return paging.reply(c, listed, e -> render.collaborator(e.getKey(), e.getValue()));
    }

    /** GET /repos/{o}/{r}/teams, under the same push-access rule as collaborators in this fake. */
    private Reply teams(Call c) {
        Repo repo = pushable(c, "Must have push access to view repository teams.");
        return paging.reply(c, new ArrayList<>(repo.teams.entrySet()), e -> render.team(e.getKey(), e.getValue()));
    }

    private Repo pushable(Call c, String refusal) {
        Repo repo = readableRepo(c);
        if (!Access.canPush(c.user, repo)) {
            throw new Answer(Reply.error(403, refusal, c.docs));
        }
        return repo;
    }

    private static Permission higher(Permission a, Permission b) {
        return a.atLeast(b) ? a : b;
    }
}
