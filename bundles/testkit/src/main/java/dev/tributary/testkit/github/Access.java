package dev.tributary.testkit.github;

import java.util.Optional;

/**
 * Who may see and do what. A user reads public repositories, their own, those they collaborate on and
 * those a team of theirs was given; an organization's base permission is taken to be "No permission",
 * so plain membership grants nothing. Private repositories a user cannot read answer 404, not 403
 * (https://docs.github.com/rest/using-the-rest-api/troubleshooting-the-rest-api#404-not-found-for-an-existing-resource).
 */
final class Access {
    private Access() {
    }

    /** The user's role on the repository, if any was granted (public read access is no role). */
    static Optional<Permission> role(Account user, Repo repo) {
        if (repo.owner == user) {
            return Optional.of(Permission.ADMIN);
        }
        Permission best = repo.collaborators.get(user);
        for (var team : repo.teams.entrySet()) {
            if (team.getKey().members.contains(user) && (best == null || team.getValue().atLeast(best))) {
                best = team.getValue();
            }
        }
        return Optional.ofNullable(best);
    }

    static boolean canRead(Account user, Repo repo) {
        return !repo.isPrivate || role(user, repo).isPresent();
    }

    /** Owners and push (write) collaborators; what the collaborators list demands. */
    static boolean canPush(Account user, Repo repo) {
        return role(user, repo).map(p -> p.atLeast(Permission.PUSH)).orElse(false);
    }

    /**
     * {@code author_association} of issues and comments
     * (https://docs.github.com/graphql/reference/enums#commentauthorassociation).
     */
    static String association(World world, Account author, Repo repo) {
        if (repo.owner == author) {
            return "OWNER";
        }
        if (world.isOrgMember(repo.owner, author)) {
            return "MEMBER";
        }
        if (repo.collaborators.containsKey(author)) {
            return "COLLABORATOR";
        }
        return "NONE";
    }
}
