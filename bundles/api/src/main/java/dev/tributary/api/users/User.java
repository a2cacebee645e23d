package dev.tributary.api.users;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A person who signs in. Carries no password or hash.
 *
 * @param name               unique, lower case (see {@link UserService#NAME})
 * @param role               what they may do
 * @param principals         the source principals they are: their searches run with exactly these plus
 *                           {@code everyone}
 * @param mustChangePassword until they choose a new password, they may do nothing else
 * @param created            when the user was made
 * @param lastLogin          their last successful sign-in, or null
 */
public record User(String name, Role role, Set<String> principals, boolean mustChangePassword, Instant created, Instant lastLogin) {

    public User {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        principals = Set.copyOf(principals);
    }
}
