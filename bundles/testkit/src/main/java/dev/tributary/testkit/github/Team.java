package dev.tributary.testkit.github;

import java.util.ArrayList;
import java.util.List;

/** A team of an organization; its members get the team's role on the repositories it was given. */
final class Team {
    final Account org;
    final String slug;
    final long id;
    final List<Account> members = new ArrayList<>();

    Team(Account org, String slug, long id) {
        this.org = org;
        this.slug = slug;
        this.id = id;
    }
}
