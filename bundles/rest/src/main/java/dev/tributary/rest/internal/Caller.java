package dev.tributary.rest.internal;

import dev.tributary.api.users.Role;
import dev.tributary.api.users.TokenIdentity;
import dev.tributary.api.users.User;
import java.util.Set;

/**
 * Who sent a request, once authenticated, and what they may do.
 *
 * @param name       the user (for a token: its owner), or {@code admin.token} for the local admin token
 * @param role       what they may do now
 * @param principals the source principals they search as (without {@code everyone})
 * @param session    the browser session, when authenticated by its cookie; else null
 * @param user       the user, for a session or token; null for the local admin token
 * @param actor      who they are in the audit trail
 */
record Caller(String name, Role role, Set<String> principals, Sessions.Session session, User user, String actor) {

    static final String LOCAL_ADMIN = "admin.token";

    /** {@code data/admin.token}: bin/tributary on this machine, as admin. */
    static Caller localAdmin() {
        return new Caller(LOCAL_ADMIN, Role.ADMIN, Set.of(), null, null, LOCAL_ADMIN);
    }

    static Caller of(User user, Sessions.Session session) {
        return new Caller(user.name(), user.role(), user.principals(), session, user, user.name());
    }

    static Caller of(TokenIdentity id) {
        User owner = id.owner();
        return new Caller(owner.name(), id.role(), owner.principals(), null, owner,
                owner.name() + " (token " + id.token().id() + " '" + id.token().name() + "')");
    }

    /** Until a signed-in user has changed a one-time password, they may do nothing else. */
    boolean mustChangePassword() {
        return session != null && user.mustChangePassword();
    }

    String kind() {
        return session != null ? "session" : user != null ? "token" : "admin-token";
    }
}
