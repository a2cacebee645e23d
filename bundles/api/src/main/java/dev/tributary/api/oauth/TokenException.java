package dev.tributary.api.oauth;

/**
 * A token could not be obtained: the provider refused the request (its error code, e.g.
 * {@code invalid_client}, and its description), could not be reached, or a secret it needs is not
 * in the vault. The message says what to do and never holds a secret.
 */
public final class TokenException extends IllegalStateException {

    private static final long serialVersionUID = 1L;
    private final String error;

    /** @param error the provider's error code, or null when it gave none (unreachable, a secret missing) */
    public TokenException(String error, String message, Throwable cause) {
        super(message, cause);
        this.error = error;
    }

    /** The provider's OAuth error code ({@code invalid_client}, {@code invalid_grant} …), or null. */
    public String error() {
        return error;
    }
}
