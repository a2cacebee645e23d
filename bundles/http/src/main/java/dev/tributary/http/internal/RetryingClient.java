package dev.tributary.http.internal;

import dev.failsafe.CircuitBreaker;
import dev.tributary.api.http.ClientSettings;
import dev.tributary.api.http.HttpFailure;
import dev.tributary.api.http.HttpFailure.Kind;
import dev.tributary.api.http.Request;
import dev.tributary.api.http.Response;
import dev.tributary.api.http.SourceClient;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/** One instance's client: the rules of {@link SourceClient} as one loop per request. */
final class RetryingClient implements SourceClient {

    /** A secondary rate limit without Retry-After: at least this long (GitHub's advice), then backing off. */
    private static final Duration UNTIMED_LIMIT_WAIT = Duration.ofSeconds(60);
    /** Longest part of a vendor's error body quoted in a failure. */
    private static final int QUOTED = 300;

    private final ClientSettings settings;
    private final HttpClient http;
    private final CredentialGate gate;
    private final Toolkit toolkit;
    private final Clock clock;
    private final Counters counters;

    /** What the client needs from the shared toolkit. */
    interface Toolkit {
        CircuitBreaker<Object> breaker(String host);
    }

    RetryingClient(ClientSettings settings, HttpClient http, CredentialGate gate, Toolkit toolkit, Clock clock, Counters counters) {
        this.settings = settings;
        this.http = http;
        this.gate = gate;
        this.toolkit = toolkit;
        this.clock = clock;
        this.counters = counters;
    }

    @Override
    public Response send(Request request) throws HttpFailure, InterruptedException {
        String what = request.toString(); // redacted
        String scheme = request.uri().getScheme();
        if (request.uri().getHost() == null || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
            throw new IllegalArgumentException(what + ": not an absolute http(s) URI with a host (check the instance's base URL)");
        }
        CircuitBreaker<Object> breaker = toolkit.breaker(request.uri().getHost());
        counters.host(request.uri().getHost());
        int retries = 0;
        int limitWaits = 0;
        boolean refreshed = false;
        while (true) {
            gate.pass(settings.cancelled(), what);
            if (!breaker.tryAcquirePermit()) {
                counters.failed();
                throw new HttpFailure(Kind.CIRCUIT_OPEN, 0, what + ": " + request.uri().getHost() + " failed repeatedly and is left alone for "
                        + Math.max(1, breaker.getRemainingDelay().toSeconds()) + " s more (circuit open); the next run tries again",
                        clock.instant().plus(breaker.getRemainingDelay()), null);
            }
            Response r;
            long t0 = System.nanoTime();
            try {
                r = Exchange.send(http, settings.credentials().authenticate(request), settings.readTimeout());
                if (r.status() < 300 && !JsonBodies.complete(r)) {
                    throw new IOException("the JSON answer ended early or is malformed (" + r.body().length + " bytes): a cut transfer");
                }
            } catch (IOException e) {
                counters.request(System.nanoTime() - t0);
                breaker.recordFailure();
                if (retries >= settings.maxRetries()) {
                    counters.failed();
                    throw new HttpFailure(Kind.TRANSIENT, 0, what + ": " + describe(e) + " (after " + retries + " retries)", null, e);
                }
                retries++;
                counters.retried();
                settings.log().info("{}: {}; retry {} of {}", what, describe(e), retries, settings.maxRetries());
                gate.holdUntil(clock.instant().plus(backoff(retries)));
                continue;
            }
            counters.request(System.nanoTime() - t0);
            int status = r.status();
            if (status == 304 && !request.headers().containsKey("if-none-match") && !request.headers().containsKey("if-modified-since")) {
                // "not modified" since nothing: taken for an unchanged answer, it would pass for an empty one
                breaker.recordSuccess();
                counters.failed();
                throw new HttpFailure(Kind.REJECTED, status, what + ": 304 Not Modified, although the request asked nothing conditionally: "
                        + "not an answer of the source's (a proxy or cache in between?)", null, null);
            }
            if (status < 300 || status == 304) {
                breaker.recordSuccess();
                return r;
            }
            Instant now = clock.instant();
            Optional<Instant> retryAt = RateLimitSignals.retryAt(r, now);
            if (RateLimitSignals.isRateLimit(r)) {
                breaker.recordSuccess(); // the host answers: it is busy, not broken
                counters.rateLimited();
                limitWaits++;
                // no time given, or one already past (clocks differ): wait and back off rather than ask again at once
                Instant floor = now.plus(retryAt.isPresent() ? backoff(limitWaits) : UNTIMED_LIMIT_WAIT.multipliedBy(1L << Math.min(limitWaits - 1, 5)));
                Instant until = retryAt.filter(t -> t.isAfter(now)).orElse(floor);
                Duration wait = Duration.between(now, until);
                if (wait.compareTo(settings.maxRateLimitWait()) > 0) {
                    counters.failed();
                    throw new HttpFailure(Kind.RATE_LIMITED, status, what + ": rate limited until " + until + " (" + wait.toMinutes()
                            + " min), longer than this instance waits (" + settings.maxRateLimitWait().toMinutes() + " min)" + quote(r), until, null);
                }
                settings.log().warn("{}: rate limited ({}); waiting {} s until {}", what, status, Math.max(0, wait.toSeconds()), until);
                gate.holdUntil(until);
                continue;
            }
            if (status >= 500 || status == 408) {
                breaker.recordFailure();
                if (retries >= settings.maxRetries()) {
                    counters.failed();
                    throw new HttpFailure(Kind.TRANSIENT, status, what + ": " + status + " from the source (after " + retries + " retries)"
                            + quote(r), retryAt.orElse(null), null);
                }
                retries++;
                counters.retried();
                Instant next = now.plus(backoff(retries));
                if (retryAt.isPresent() && retryAt.get().isAfter(next)) {
                    next = retryAt.get(); // never before the time the source gave
                }
                settings.log().info("{}: {}; retry {} of {} at {}", what, status, retries, settings.maxRetries(), next);
                gate.holdUntil(next);
                continue;
            }
            breaker.recordSuccess();
            if (status == 401 && !refreshed && settings.credentials().refresh()) {
                refreshed = true;
                settings.log().info("{}: 401; trying once more with refreshed credentials", what);
                continue;
            }
            counters.failed();
            throw permanent(what, r, refreshed);
        }
    }

    /** Full jitter: a random delay up to the doubled backoff, capped. */
    private Duration backoff(int retry) {
        long cap = settings.maxBackoff().toMillis();
        long ceiling = Math.min(cap, settings.backoff().toMillis() << Math.min(retry - 1, 30));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(Math.max(1, ceiling) + 1));
    }

    private static HttpFailure permanent(String what, Response r, boolean refreshed) {
        int s = r.status();
        Kind kind;
        String advice;
        switch (s) {
            case 401 -> {
                kind = Kind.UNAUTHORIZED;
                advice = refreshed ? "the credential was refreshed and is still refused: re-authorize the instance"
                        : "the credential is wrong, revoked or expired: replace it";
            }
            case 403 -> {
                kind = Kind.FORBIDDEN;
                advice = "the credential may not read this: grant it access (scopes, permissions) or leave it out";
            }
            case 404 -> {
                kind = Kind.NOT_FOUND;
                advice = "it does not exist, or the credential may not see it";
            }
            case 410 -> {
                kind = Kind.GONE;
                advice = "it was deleted at the source";
            }
            default -> {
                kind = Kind.REJECTED;
                advice = "the source refused the request; repeating it will not help";
            }
        }
        return new HttpFailure(kind, s, what + ": " + s + ": " + advice + quote(r), null, null);
    }

    /** The start of the vendor's error body (its message), on one line. */
    private static String quote(Response r) {
        String text = r.text().replaceAll("\\s+", " ").strip();
        if (text.isEmpty()) {
            return "";
        }
        return "; the source said: " + (text.length() > QUOTED ? text.substring(0, QUOTED) + "…" : text);
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : " (" + m + ")");
    }
}
