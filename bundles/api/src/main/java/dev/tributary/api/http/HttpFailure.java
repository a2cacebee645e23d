package dev.tributary.api.http;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/**
 * A request that did not succeed, classified so a connector can react: transient failures were
 * already retried; permanent ones never are. The message names the request (secrets redacted), the
 * answer and what to do; it never holds a credential.
 */
public final class HttpFailure extends IOException {

    private static final long serialVersionUID = 1L;

    public enum Kind {
        /** Connect errors, resets, timeouts, 5xx: still failing after every retry. */
        TRANSIENT,
        /** The source's rate limit: it asked for a wait longer than this client may wait. */
        RATE_LIMITED,
        /** 401 even after fresh credentials were tried: the credential is wrong, revoked or expired. */
        UNAUTHORIZED,
        /** 403 that is not a rate limit: the credential may not read this. */
        FORBIDDEN,
        /** 404: gone, or not visible to this credential. */
        NOT_FOUND,
        /** 410: deleted at the source. */
        GONE,
        /** Another 4xx (400, 409, 422 …): the request is wrong and repeating it will not help. */
        REJECTED,
        /** The host failed repeatedly and is not asked again for a while. */
        CIRCUIT_OPEN,
        /** The run was cancelled while waiting. */
        CANCELLED
    }

    private final Kind kind;
    private final int status;
    private final transient Instant retryAt;

    public HttpFailure(Kind kind, int status, String message, Instant retryAt, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.status = status;
        this.retryAt = retryAt;
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status, or 0 when no response came. */
    public int status() {
        return status;
    }

    /** When the source said it may be asked again (rate limits, an open circuit). */
    public Optional<Instant> retryAt() {
        return Optional.ofNullable(retryAt);
    }

    /** Whether asking again later may succeed without anyone changing anything. */
    public boolean isTransient() {
        return kind == Kind.TRANSIENT || kind == Kind.RATE_LIMITED || kind == Kind.CIRCUIT_OPEN;
    }
}
