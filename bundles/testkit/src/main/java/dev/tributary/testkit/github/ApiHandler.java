package dev.tributary.testkit.github;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Answers every request: injected faults first, then authentication, secondary and primary rate
 * limits, the endpoint, and conditional requests; records what it answered.
 */
final class ApiHandler implements HttpHandler {
    private static final String RATE_LIMIT_PATH = "/rate_limit";

    private final World world;
    private final RateLimits limits;
    private final List<Route> routes = new ArrayList<>();
    private final Deque<Integer> faults = new ArrayDeque<>();
    private final List<Recorded> recorded = Collections.synchronizedList(new ArrayList<>());
    private long requestCount;

    ApiHandler(World world, RateLimits limits, List<Endpoints> endpoints) {
        this.world = world;
        this.limits = limits;
        endpoints.forEach(e -> routes.addAll(e.routes()));
        routes.add(new Route("rate_limit",
                "https://docs.github.com/rest/rate-limit/rate-limit#get-rate-limit-status-for-the-authenticated-user",
                c -> Reply.json(limits.overview(c.user, c.now))));
        routes.sort(Comparator.comparingInt(Route::literals).reversed());
    }

    void failNext(int n, int status) {
        synchronized (world) {
            for (int i = 0; i < n; i++) {
                faults.add(status);
            }
        }
    }

    List<Recorded> recorded() {
        synchronized (recorded) {
            return List.copyOf(recorded);
        }
    }

    void clear() {
        recorded.clear();
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            Query query = Query.parse(exchange.getRequestURI().getRawQuery());
            Map<String, List<String>> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
            exchange.getRequestBody().readAllBytes();
            Instant now;
            Reply reply;
            synchronized (world) {
                now = world.now();
                reply = answer(method, path, query, headers, now);
            }
            String body = reply.body == null ? "" : new String(reply.body, StandardCharsets.UTF_8);
            recorded.add(new Recorded(method, path, query.asMap(), headers, now, reply.status, body));
            reply.headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            boolean noBody = reply.body == null || method.equals("HEAD");
            exchange.sendResponseHeaders(reply.status, noBody ? -1 : reply.body.length);
            if (!noBody) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(reply.body);
                }
            }
        }
    }

    private Reply answer(String method, String path, Query query, Map<String, List<String>> headers, Instant now) {
        String requestId = requestId();
        Integer fault = faults.poll();
        if (fault != null) {
            // an upstream failure (e.g. a 502 from GitHub's edge) carries no rate-limit headers: clients must
            // cope without them (https://github.com/apache/devlake/pull/8204)
            return Reply.error(fault, "Injected fault " + fault, Reply.REST_DOCS).header("x-github-request-id", requestId);
        }
        Optional<String> token = token(first(headers, "authorization"));
        Optional<Account> user = token.flatMap(world::userOfToken);
        if (user.isEmpty()) {
            return unauthenticated(token.isPresent(), now, requestId);
        }
        Account who = user.get();
        boolean exempt = path.equals(RATE_LIMIT_PATH);
        Reply reply;
        long retryAfter = limits.takeSecondary();
        if (retryAfter >= 0) {
            reply = Reply.error(403, "You have exceeded a secondary rate limit. Please wait a few minutes before you try"
                    + " again. If you reach out to GitHub Support for help, please include the request ID "
                    + requestId + ".", RateLimits.SECONDARY_DOCS)
                    .header("retry-after", Long.toString(retryAfter));
        } else if (!exempt && limits.exhausted(who, now)) {
            reply = Reply.error(403, "API rate limit exceeded for user ID " + who.id + ". If you reach out to GitHub"
                    + " Support for help, please include the request ID " + requestId + ".", RateLimits.DOCS);
        } else {
            reply = route(method, path, query, headers, who, now);
            if (reply.status == 200 && reply.body != null) {
                String etag = etag(reply.body);
                reply.header("etag", etag);
                if (matches(first(headers, "if-none-match"), etag)) {
                    // "Making a conditional request does not count against your primary rate limit if a 304
                    // response is returned" (https://docs.github.com/rest/using-the-rest-api/best-practices-for-using-the-rest-api#use-conditional-requests-if-appropriate)
                    reply = Reply.empty(304).header("etag", etag);
                    exempt = true;
                }
            }
            if (!exempt) {
                limits.spend(who, now);
            }
        }
        common(reply, requestId);
        limits.headers(who, now, reply);
        return reply;
    }

    /**
     * 401. "Authenticating with invalid credentials will initially return a 401 Unauthorized response"
     * (https://docs.github.com/rest/authentication/authenticating-to-the-rest-api), message "Bad credentials".
     * Deliberately stricter than GitHub without a token: GitHub would serve public data anonymously, the
     * fake answers every such request 401 "Requires authentication" (what GitHub says on GET /user), so a
     * client that forgets its token fails loudly. It spends the unauthenticated budget of 60.
     */
    private Reply unauthenticated(boolean hadToken, Instant now, String requestId) {
        Reply reply = Reply.error(401, hadToken ? "Bad credentials" : "Requires authentication", Reply.REST_DOCS);
        limits.spend(null, now);
        common(reply, requestId);
        limits.headers(null, now, reply);
        return reply;
    }

    private Reply route(String method, String path, Query query, Map<String, List<String>> headers, Account user,
            Instant now) {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return Reply.notFound(Reply.REST_DOCS);
        }
        // split with -1 keeps a trailing empty segment: "adding a trailing slash to the endpoint will result in
        // a 404 Not Found" (https://docs.github.com/rest/using-the-rest-api/troubleshooting-the-rest-api)
        List<String> segments = Arrays.asList(path.substring(1).split("/", -1));
        Map<String, String> firstHeaders = new LinkedHashMap<>();
        headers.forEach((k, v) -> firstHeaders.put(k, v.isEmpty() ? "" : v.get(0)));
        for (Route route : routes) {
            Map<String, String> params = route.match(segments);
            if (params != null) {
                try {
                    return route.handler().apply(new Call(user, path, query, params, firstHeaders, now, route.docs()));
                } catch (Answer answer) {
                    return answer.reply;
                }
            }
        }
        return Reply.notFound(Reply.REST_DOCS);
    }

    /**
     * {@code Authorization: Bearer <token>} or {@code token <token>}, scheme in any case ("In most cases,
     * you can use Authorization: Bearer or Authorization: token", docs page above). Any other value is a
     * token GitHub does not know.
     */
    private static Optional<String> token(Optional<String> authorization) {
        return authorization.map(String::trim).flatMap(a -> {
            int space = a.indexOf(' ');
            if (space < 0) {
                return Optional.empty();
            }
            String scheme = a.substring(0, space).toLowerCase(Locale.ROOT);
            String value = a.substring(space + 1).trim();
            return (scheme.equals("bearer") || scheme.equals("token")) && !value.isEmpty()
                    ? Optional.of(value) : Optional.<String>empty();
        }).or(() -> authorization.map(a -> ""));
    }

    /** Headers GitHub sends with every API answer. */
    private static void common(Reply reply, String requestId) {
        reply.header("x-github-api-version-selected", "2022-11-28");
        reply.header("x-github-media-type", "github.v3; format=json");
        reply.header("x-github-request-id", requestId);
        if (reply.status == 200 || reply.status == 304) {
            reply.header("cache-control", "private, max-age=60, s-maxage=60");
            reply.header("vary", "Accept, Authorization, Cookie, X-GitHub-OTP");
        }
    }

    /** A strong validator over the body. */
    private static String etag(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** If-None-Match: a list of tags or "*", compared weakly as RFC 9110 section 13.1.2 asks. */
    private static boolean matches(Optional<String> ifNoneMatch, String etag) {
        return ifNoneMatch.map(list -> Arrays.stream(list.split(","))
                .map(String::trim)
                .map(t -> t.startsWith("W/") ? t.substring(2) : t)
                .anyMatch(t -> t.equals("*") || t.equals(etag))).orElse(false);
    }

    private static Optional<String> first(Map<String, List<String>> headers, String name) {
        return Optional.ofNullable(headers.get(name)).filter(v -> !v.isEmpty()).map(v -> v.get(0));
    }

    private String requestId() {
        long n = ++requestCount;
        return String.format(Locale.ROOT, "FA4E:%04X:%06X:%06X:%08X", n & 0xFFFF, n * 7919 & 0xFFFFFF,
                n * 104729 & 0xFFFFFF, n);
    }
}
