package dev.tributary.api.users;

import java.time.Instant;
import java.util.Objects;

/**
 * An API token as listed: never its secret (stored only as a hash).
 *
 * @param id       its number, to revoke it by
 * @param name     what it is for, e.g. {@code nightly-report}
 * @param user     its owner: it searches as the owner's principals and never does more than the owner may
 * @param role     its scope; the token acts with the lower of this and the owner's current role
 * @param created  when it was made
 * @param lastUsed when it last authenticated a request (updated at most once a minute), or null
 */
public record ApiToken(long id, String name, String user, Role role, Instant created, Instant lastUsed) {

    public ApiToken {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(role, "role");
    }
}
