package dev.tributary.testkit.github;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Primary and secondary rate limits (https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api).
 * The primary budget is per user (all of a user's tokens share it, as the docs say of personal tokens),
 * 5,000 an hour unless {@link #perHour(int)} says otherwise; an hour-long window opens at a user's first
 * request and the budget refills when it has passed. Requests without valid credentials spend the
 * unauthenticated budget of 60. Each answer carries the {@code x-ratelimit-*} headers; a 304 and
 * GET /rate_limit do not spend anything (the latter may still hit a secondary limit).
 */
final class RateLimits {
    static final String DOCS = "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api";
    static final String SECONDARY_DOCS =
            "https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits";
    private static final int UNAUTHENTICATED = 60;
    private static final Duration WINDOW = Duration.ofHours(1);

    private static final class Window {
        Instant reset;
        int used;
    }

    private final Map<Object, Window> windows = new HashMap<>();
    private int perHour = 5000;
    private int secondaryLeft;
    private Duration retryAfter = Duration.ZERO;

    synchronized void perHour(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("a rate limit cannot be negative: " + limit);
        }
        perHour = limit;
    }

    /** The next {@code requests} requests hit a secondary limit and are told to retry after the given time. */
    synchronized void secondary(int requests, Duration after) {
        secondaryLeft = requests;
        retryAfter = after;
    }

    /** Takes one secondary-limited request if any are pending; answers its {@code retry-after} seconds. */
    synchronized long takeSecondary() {
        if (secondaryLeft <= 0) {
            return -1;
        }
        secondaryLeft--;
        return Math.max(0, retryAfter.toSeconds());
    }

    synchronized boolean exhausted(Account user, Instant now) {
        return window(user, now).used >= limit(user);
    }

    synchronized void spend(Account user, Instant now) {
        window(user, now).used++;
    }

    /** The {@code x-ratelimit-*} headers for the user (null: unauthenticated) after this request. */
    synchronized void headers(Account user, Instant now, Reply reply) {
        Window w = window(user, now);
        int limit = limit(user);
        reply.header("x-ratelimit-limit", Integer.toString(limit));
        reply.header("x-ratelimit-remaining", Integer.toString(Math.max(0, limit - w.used)));
        reply.header("x-ratelimit-reset", Long.toString(w.reset.getEpochSecond()));
        reply.header("x-ratelimit-used", Integer.toString(Math.min(w.used, limit)));
        reply.header("x-ratelimit-resource", "core");
    }

    /** GET /rate_limit (https://docs.github.com/rest/rate-limit/rate-limit#get-rate-limit-status-for-the-authenticated-user). */
    synchronized ObjectNode overview(Account user, Instant now) {
        Window w = window(user, now);
        int limit = limit(user);
        ObjectNode core = status(limit, Math.min(w.used, limit), w.reset);
        ObjectNode body = Json.object();
        ObjectNode resources = body.putObject("resources");
        resources.set("core", core);
        resources.set("search", status(30, 0, now.plusSeconds(60)));
        resources.set("code_search", status(10, 0, now.plusSeconds(60)));
        resources.set("graphql", status(5000, 0, now.plus(WINDOW)));
        resources.set("integration_manifest", status(5000, 0, now.plus(WINDOW)));
        body.set("rate", core.deepCopy());
        return body;
    }

    private static ObjectNode status(int limit, int used, Instant reset) {
        ObjectNode s = Json.object();
        s.put("limit", limit);
        s.put("used", used);
        s.put("remaining", Math.max(0, limit - used));
        s.put("reset", reset.getEpochSecond());
        return s;
    }

    private int limit(Account user) {
        return user == null ? UNAUTHENTICATED : perHour;
    }

    private Window window(Account user, Instant now) {
        Object key = user == null ? "unauthenticated" : user;
        Window w = windows.computeIfAbsent(key, k -> new Window());
        if (w.reset == null || !now.isBefore(w.reset)) {
            w.reset = now.plus(WINDOW).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            w.used = 0;
        }
        return w;
    }
}
