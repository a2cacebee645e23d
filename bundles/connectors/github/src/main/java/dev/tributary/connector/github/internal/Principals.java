package dev.tributary.connector.github.internal;

import dev.tributary.api.connector.Document;
import java.util.Set;

/** GitHub identities as principals, named apart from other sources' users and groups. */
final class Principals {
    private Principals() {}

    static final Set<String> PUBLIC = Set.of(Document.EVERYONE);

    static String user(String login) {
        return "user:github/" + login;
    }

    static String team(String org, String slug) {
        return "group:github/" + org + "/" + slug;
    }
}
