package dev.tributary.http.internal;

import dev.failsafe.RateLimiter;
import dev.tributary.api.http.HttpFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * What every request with one credential passes first: the time before which the source said
 * not to ask (shared, so one client's 429 holds back all), then a token bucket of the credential's own
 * request rate.
 */
final class CredentialGate {

    /** Waits are cut into slices so cancellation ends them quickly. */
    private static final Duration SLICE = Duration.ofMillis(100);

    private final Clock clock;
    private final RateLimiter<Object> bucket;
    private volatile Instant notBefore = Instant.EPOCH;

    CredentialGate(Clock clock, double requestsPerSecond) {
        this.clock = clock;
        if (requestsPerSecond > 0) {
            // a bucket of one second's requests, refilled each second: bursts up to the rate, never more on average
            long permits = Math.max(1, (long) Math.ceil(requestsPerSecond));
            this.bucket = RateLimiter.burstyBuilder(permits, Duration.ofNanos((long) (permits / requestsPerSecond * 1e9))).build();
        } else {
            this.bucket = null;
        }
    }

    /** No request before {@code until} (the later of this and any earlier hold wins). */
    synchronized void holdUntil(Instant until) {
        if (until.isAfter(notBefore)) {
            notBefore = until;
        }
    }

    Instant notBefore() {
        return notBefore;
    }

    /** Waits until a request may go. */
    void pass(BooleanSupplier cancelled, String request) throws HttpFailure, InterruptedException {
        while (true) {
            if (cancelled.getAsBoolean()) {
                throw new HttpFailure(HttpFailure.Kind.CANCELLED, 0, request + ": the run was cancelled", null, null);
            }
            long wait = Duration.between(clock.instant(), notBefore).toMillis();
            if (wait > 0) {
                TimeUnit.MILLISECONDS.sleep(Math.min(wait, SLICE.toMillis()));
                continue;
            }
            if (bucket == null || bucket.tryAcquirePermit(SLICE)) {
                return;
            }
        }
    }
}
