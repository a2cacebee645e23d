package dev.tributary.http.internal;

import dev.tributary.api.http.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * What a source says about when it may be asked again: {@code Retry-After} (RFC 9110: seconds or an
 * HTTP date), or an exhausted quota with its reset ({@code X-RateLimit-Remaining: 0} with
 * {@code X-RateLimit-Reset}, as GitHub sends, or the IETF draft's {@code RateLimit-Reset}).
 */
final class RateLimitSignals {

    /** A reset above this is a time (epoch seconds); below, a number of seconds from now. */
    private static final long EPOCH_FROM = 1_000_000_000L;

    private RateLimitSignals() {}

    /** The earliest time the source allows another request, if it named one. */
    static Optional<Instant> retryAt(Response r, Instant now) {
        Optional<Instant> after = r.header("Retry-After").flatMap(v -> parseRetryAfter(v.trim(), now));
        if (after.isPresent()) {
            return after;
        }
        if (exhausted(r)) {
            return r.header("X-RateLimit-Reset").or(() -> r.header("RateLimit-Reset")).flatMap(v -> parseReset(v.trim(), now));
        }
        return Optional.empty();
    }

    /**
     * Whether a 403 is a rate limit rather than a refusal: GitHub answers both primary (quota spent)
     * and secondary limits with 403 or 429.
     */
    static boolean isRateLimit(Response r) {
        if (r.status() == 429) {
            return true;
        }
        if (r.status() != 403) {
            return false;
        }
        return r.header("Retry-After").isPresent() || exhausted(r)
                || r.text().toLowerCase(Locale.ROOT).contains("rate limit");
    }

    private static boolean exhausted(Response r) {
        return r.header("X-RateLimit-Remaining").or(() -> r.header("RateLimit-Remaining")).map(String::trim).filter("0"::equals).isPresent();
    }

    static Optional<Instant> parseRetryAfter(String value, Instant now) {
        try {
            return Optional.of(now.plusSeconds(Math.max(0, Long.parseLong(value))));
        } catch (NumberFormatException e) {
            try {
                return Optional.of(ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            } catch (DateTimeParseException bad) {
                return Optional.empty();
            }
        }
    }

    static Optional<Instant> parseReset(String value, Instant now) {
        try {
            long n = Long.parseLong(value);
            return Optional.of(n >= EPOCH_FROM ? Instant.ofEpochSecond(n) : now.plus(Duration.ofSeconds(Math.max(0, n))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
