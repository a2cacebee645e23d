package dev.tributary.api.users;

import java.util.Objects;

/**
 * Who a request authenticated by an API token acts as.
 *
 * @param token the token
 * @param owner its owner, as now
 */
public record TokenIdentity(ApiToken token, User owner) {

    public TokenIdentity {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(owner, "owner");
    }

    /** The token's scope, capped by what its owner may do now. */
    public Role role() {
        return token.role().atMost(owner.role());
    }
}
