package dev.tributary.api.users;

import java.util.Objects;

/**
 * A token just created, with its secret: the only time the secret exists outside the request that
 * carries it. Show it once; it cannot be read back.
 *
 * @param token  the token as it will be listed
 * @param secret what a client sends as {@code Authorization: Bearer <secret>}
 */
public record NewToken(ApiToken token, String secret) {

    public NewToken {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(secret, "secret");
    }

    /** Never the secret. */
    @Override
    public String toString() {
        return "NewToken[" + token + "]";
    }
}
