package dev.tributary.api.oauth;

/**
 * An instance has no usable authorization: it was never connected, or the provider refused its
 * refresh token (revoked or expired). Its syncs are paused until a person approves access again
 * with {@code bin/tributary authorize <instance>}. The message says so; it never holds a token.
 */
public final class AuthorizationRequiredException extends IllegalStateException {

    private static final long serialVersionUID = 1L;
    private final String instanceId;

    public AuthorizationRequiredException(String instanceId, String message) {
        super(message);
        this.instanceId = instanceId;
    }

    public String instanceId() {
        return instanceId;
    }
}
