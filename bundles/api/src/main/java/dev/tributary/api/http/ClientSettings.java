package dev.tributary.api.http;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;

/**
 * How one instance's client behaves.
 *
 * @param instanceId         whose requests these are (metrics are kept per instance)
 * @param credentials        how requests are authenticated, and which rate limit they share
 * @param connectTimeout     longest wait for a connection
 * @param readTimeout        longest wait for the response to start, and then between two parts of its body
 * @param maxRetries         retries of a transient failure (connect error, reset, timeout, 5xx) before it is given up
 * @param backoff            the first retry's longest delay; it doubles per retry (full jitter: a random delay up to it)
 * @param maxBackoff         the longest delay between two retries
 * @param requestsPerSecond  the credential's own limit, shared by every client with the same credential (0: none)
 * @param maxRateLimitWait   the longest wait for a source's rate limit (Retry-After, reset headers); longer ones fail
 * @param cancelled          true once the run is cancelled: waits end at once
 * @param log                where the client's lines go (the run's logger, which names instance and run)
 */
public record ClientSettings(String instanceId, Credentials credentials, Duration connectTimeout, Duration readTimeout,
        int maxRetries, Duration backoff, Duration maxBackoff, double requestsPerSecond, Duration maxRateLimitWait,
        BooleanSupplier cancelled, Logger log) {

    public ClientSettings {
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(log, "log");
        cancelled = cancelled == null ? () -> false : cancelled;
        if (maxRetries < 0 || requestsPerSecond < 0) {
            throw new IllegalArgumentException("maxRetries and requestsPerSecond must not be negative");
        }
    }

    /** Sensible defaults: 10 s to connect, 30 s to read, 5 retries from 1 s up to 60 s, waits for rate limits up to 1 h. */
    public static ClientSettings defaults(String instanceId, Credentials credentials, Logger log) {
        return new ClientSettings(instanceId, credentials, Duration.ofSeconds(10), Duration.ofSeconds(30), 5, Duration.ofSeconds(1),
                Duration.ofSeconds(60), 0, Duration.ofHours(1), () -> false, log);
    }

    public ClientSettings withTimeouts(Duration connect, Duration read) {
        return new ClientSettings(instanceId, credentials, connect, read, maxRetries, backoff, maxBackoff, requestsPerSecond,
                maxRateLimitWait, cancelled, log);
    }

    public ClientSettings withRetries(int retries, Duration first, Duration max) {
        return new ClientSettings(instanceId, credentials, connectTimeout, readTimeout, retries, first, max, requestsPerSecond,
                maxRateLimitWait, cancelled, log);
    }

    public ClientSettings withRateLimit(double perSecond, Duration maxWait) {
        return new ClientSettings(instanceId, credentials, connectTimeout, readTimeout, maxRetries, backoff, maxBackoff, perSecond,
                maxWait, cancelled, log);
    }

    public ClientSettings withCancellation(BooleanSupplier isCancelled) {
        return new ClientSettings(instanceId, credentials, connectTimeout, readTimeout, maxRetries, backoff, maxBackoff,
                requestsPerSecond, maxRateLimitWait, isCancelled, log);
    }
}
