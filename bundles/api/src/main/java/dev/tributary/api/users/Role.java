package dev.tributary.api.users;

import java.util.Locale;

/**
 * What a user or token may do; each role can do everything the ones below it can.
 *
 * <ul>
 * <li>{@link #VIEWER}: search, and their own session.</li>
 * <li>{@link #OPERATOR}: also read everything (instances, runs, dead letters, secret names) and run,
 *     cancel and replay; no management of users, tokens, secrets, the vault or connectors.</li>
 * <li>{@link #ADMIN}: everything, including searching as any principals.</li>
 * </ul>
 */
public enum Role {
    VIEWER, OPERATOR, ADMIN;

    /** Whether this role may do what {@code needed} may. */
    public boolean covers(Role needed) {
        return compareTo(needed) >= 0;
    }

    /** The lower of the two: a token never gets more than its owner has. */
    public Role atMost(Role other) {
        return covers(other) ? other : this;
    }

    /** The name used in JSON and configuration: {@code admin}, {@code operator}, {@code viewer}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the roles there are */
    public static Role of(String id) {
        if (id != null) {
            for (Role r : values()) {
                if (r.id().equalsIgnoreCase(id.trim())) {
                    return r;
                }
            }
        }
        throw new IllegalArgumentException("role must be admin, operator or viewer, not '" + id + "'");
    }
}
