package dev.tributary.rest.internal;

import dev.tributary.api.connector.Connectors;
import dev.tributary.api.oauth.OAuthService;
import dev.tributary.api.search.SearchRequest;
import dev.tributary.api.search.SearchService;
import dev.tributary.api.store.WebhookInbox;
import dev.tributary.api.sync.SyncService;
import dev.tributary.api.vault.Vault;
import dev.tributary.api.users.Role;
import dev.tributary.api.users.TokenIdentity;
import dev.tributary.api.users.User;
import dev.tributary.api.users.UserService;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The routes of {@code /api/v1}, apart from HTTP: a request in, a status and a JSON-able body out.
 * Errors are RFC 9457 problem details.
 *
 * <p>Who may call what: a request is authenticated by an API token or the local admin token
 * ({@code Authorization: Bearer …}), or by the session cookie of a signed-in browser (then every
 * state-changing request must carry the session's CSRF token in {@code X-CSRF-Token}). State-changing
 * requests a browser marks as coming from another site are refused ({@link SameOrigin}). Each route
 * names the least role it needs ({@link Role}); a signed-in user who must change their password may
 * do only that (and see or end their session).
 */
final class Api {

    /** @param headers extra response headers (Set-Cookie, Retry-After, Allow) */
    record Response(int status, Object body, Map<String, String> headers) {
        Response(int status, Object body) {
            this(status, body, Map.of());
        }

        boolean problem() {
            return status >= 400;
        }

        Response with(String header, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(header, value);
            return new Response(status, body, h);
        }
    }

    /**
     * The answer to {@code GET /events} once the caller is admitted: the servlet keeps the response open
     * and streams the instances' state to it ({@link EventStream}).
     *
     * @param session the caller's browser session (the stream ends with it), or null for a token
     */
    record Stream(Sessions.Session session) {}

    /** One route: a method, a path pattern ({@code *} is any one segment), and the least role it needs (null: any caller). */
    private record Route(String method, String[] pattern, Role role, Handler handler) {
        boolean matches(String m, String[] p) {
            if (!(method.equals("*") || method.equals(m)) || p.length != pattern.length) {
                return false;
            }
            for (int i = 0; i < p.length; i++) {
                if (!pattern[i].equals("*") && !pattern[i].equals(p[i])) {
                    return false;
                }
            }
            return true;
        }
    }

    private interface Handler {
        Response handle(ApiRequest r, String[] p, Caller c);
    }

    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Api.class);
    private static final Duration DEFAULT_IDLE = Duration.ofMinutes(30);

    private final AdminToken token;
    private final Supplier<SearchService> search;
    private final Supplier<SyncService> sync;
    private final Supplier<Vault> vault;
    private final WebhookRoutes webhooks;
    private final Supplier<OAuthService> oauth;
    private final Supplier<UserService> users;
    private final Sessions sessions;
    private final SessionRoutes sessionRoutes;
    private final UserRoutes userRoutes;
    private final ManageRoutes manage;
    private final VerifyRoutes verify;
    private final List<Route> routes = new ArrayList<>();

    Api(AdminToken token, Services services) {
        this(token, services, new Sessions(InstantSource.system(), DEFAULT_IDLE), new LoginThrottle(InstantSource.system()));
    }

    Api(AdminToken token, Services services, Sessions sessions, LoginThrottle throttle) {
        this.token = token;
        this.search = services.search();
        this.sync = services.sync();
        this.vault = services.vault();
        this.webhooks = new WebhookRoutes(services.inbox());
        this.oauth = services.oauth();
        this.users = services.users();
        this.sessions = sessions;
        this.sessionRoutes = new SessionRoutes(users, sessions, throttle);
        this.userRoutes = new UserRoutes(users, sessions);
        this.manage = new ManageRoutes(services);
        this.verify = new VerifyRoutes(services);

        route("GET", "session", null, (r, p, c) -> sessionRoutes.current(c));
        route("DELETE", "session", null, (r, p, c) -> sessionRoutes.signOut(c, r));
        route("POST", "session/password", null, (r, p, c) -> sessionRoutes.changePassword(c, r));

        route("GET", "search", Role.VIEWER, (r, p, c) -> search(r.params(), c));

        route("GET", "events", Role.OPERATOR, (r, p, c) -> withSync(s -> new Response(200, new Stream(c.session()))));
        route("GET", "instances", Role.OPERATOR, (r, p, c) -> withSync(s -> new Response(200, Map.of("instances", s.instances()))));
        route("GET", "instances/*", Role.OPERATOR, (r, p, c) -> withSync(s -> s.instance(p[1]).map(i -> new Response(200, i))
                .orElseGet(() -> problem(404, "Not Found", "no instance '" + p[1] + "'"))));
        route("POST", "instances/*/sync", Role.OPERATOR, (r, p, c) -> {
            boolean full = "true".equalsIgnoreCase(first(r.params(), "full"));
            return withSync(s -> s.sync(p[1], full) ? new Response(202, Map.of("instance", p[1], "queued", true, "full", full))
                    : problem(404, "Not Found", "no instance '" + p[1] + "'"));
        });
        route("POST", "instances/*/cancel", Role.OPERATOR, (r, p, c) -> withSync(s -> s.instance(p[1]).isEmpty()
                ? problem(404, "Not Found", "no instance '" + p[1] + "'")
                : s.cancel(p[1]) ? new Response(200, Map.of("instance", p[1], "cancelled", true))
                : problem(409, "Conflict", "instance '" + p[1] + "' has no sync running")));
        route("GET", "instances/*/runs", Role.OPERATOR, (r, p, c) -> manage.runs(name(p[1], "instance"), r));
        route("GET", "instances/*/documents", Role.ADMIN, (r, p, c) -> verify.documents(name(p[1], "instance"), r));
        route("GET", "instances/*/config", Role.OPERATOR, (r, p, c) -> manage.config(name(p[1], "instance")));
        route("PUT", "instances/*/config", Role.ADMIN, (r, p, c) -> manage.saveConfig(name(p[1], "instance"), r, c));
        route("DELETE", "instances/*", Role.ADMIN, (r, p, c) -> manage.deleteInstance(name(p[1], "instance"), c));
        route("POST", "instances/*/authorize", Role.ADMIN, (r, p, c) -> withSync(s -> authorize(s, p[1])));
        // secret names may be read by operators; values are only ever written, by admins
        route("GET", "instances/*/secrets", Role.OPERATOR, (r, p, c) -> secrets(r.method(), p, r.text()));
        route("*", "instances/*/secrets/*", Role.ADMIN, (r, p, c) -> secrets(r.method(), p, r.text()));

        route("GET", "connectors", Role.OPERATOR, (r, p, c) -> manage.connectors());
        route("POST", "connectors", Role.ADMIN, (r, p, c) -> manage.upload(r, c));
        route("DELETE", "connectors/*", Role.ADMIN, (r, p, c) -> manage.removeBundle(name(p[1], "bundle"), c));
        route("GET", "audit", Role.ADMIN, (r, p, c) -> manage.audit(r));

        route("GET", "webhooks", Role.OPERATOR, (r, p, c) -> webhooks.handle(r.method(), p, r.params(), c.actor()));
        route("GET", "webhooks/dead", Role.OPERATOR, (r, p, c) -> webhooks.handle(r.method(), p, r.params(), c.actor()));
        route("POST", "webhooks/*/replay", Role.OPERATOR, (r, p, c) -> webhooks.handle(r.method(), p, r.params(), c.actor()));

        route("POST", "vault/rotate-key", Role.ADMIN, (r, p, c) -> {
            Vault v = vault.get();
            if (v == null) {
                return unavailable("vault");
            }
            v.rotateMasterKey();
            return new Response(200, Map.of("rotated", true));
        });
        route("GET", "index/verify", Role.ADMIN, (r, p, c) -> verify.verifyIndex());
        route("POST", "index/rebuild", Role.ADMIN, (r, p, c) -> {
            SearchService s = search.get();
            return s == null ? unavailable("index") : new Response(200, Map.of("documents", s.rebuild()));
        });

        for (String pattern : new String[] {"users", "users/*", "users/*/password"}) {
            route("*", pattern, Role.ADMIN, (r, p, c) -> userRoutes.users(r.method(), p, r, c));
        }
        route("*", "tokens", Role.ADMIN, (r, p, c) -> userRoutes.tokens(r.method(), p, r, c));
        route("*", "tokens/*", Role.ADMIN, (r, p, c) -> userRoutes.tokens(r.method(), p, r, c));
    }

    /** Every route as {@code METHOD path} ({@code *} for any method or one path segment), for the OpenAPI description's tests. */
    List<String> routeList() {
        return routes.stream().map(r -> r.method() + " " + String.join("/", r.pattern())).toList();
    }

    private void route(String method, String pattern, Role role, Handler handler) {
        routes.add(new Route(method, pattern.split("/"), role, handler));
    }

    /** Longest secret accepted (a private key in PEM is a few KB). */
    static final int MAX_SECRET = 65_536;

    Response handle(String method, String path, Map<String, List<String>> params, String authorization) {
        return handle(method, path, params, authorization, null);
    }

    /** @param body the request's body, for the routes that take one (a secret), else null */
    Response handle(String method, String path, Map<String, List<String>> params, String authorization, char[] body) {
        return handle(ApiRequest.of(method, path, params).header("Authorization", authorization).text(body));
    }

    Response handle(ApiRequest r) {
        String[] p = r.path() == null || r.path().isEmpty() ? new String[0] : r.path().replaceAll("^/+|/+$", "").split("/");
        try {
            if (r.changes()) {
                Optional<String> crossSite = SameOrigin.refusal(r);
                if (crossSite.isPresent()) {
                    return problem(403, "Forbidden", crossSite.get());
                }
            }
            if (p.length == 1 && p[0].equals("session") && r.method().equals("POST")) {
                return sessionRoutes.signIn(r);
            }
            Object who = authenticate(r);
            if (who instanceof Response refused) {
                return refused;
            }
            Caller c = (Caller) who;
            if (c.session() != null && r.changes() && !c.session().csrfMatches(r.header(CSRF_HEADER))) {
                return problem(403, "Forbidden", "a change made with a session needs its CSRF token in the " + CSRF_HEADER
                        + " header (POST /api/v1/session and GET /api/v1/session answer it)");
            }
            if (c.mustChangePassword() && !(p.length >= 1 && p[0].equals("session"))) {
                return problem(403, "Forbidden", "change your one-time password first: POST /api/v1/session/password with"
                        + " {\"currentPassword\", \"newPassword\"}; nothing else is allowed until then");
            }
            for (Route route : routes) {
                if (route.matches(r.method(), p)) {
                    if (route.role() != null && !c.role().covers(route.role())) {
                        return problem(403, "Forbidden", r.method() + " /api/v1/" + String.join("/", p) + " needs the role "
                                + route.role().id() + "; " + c.name() + " is " + c.role().id());
                    }
                    return route.handler().handle(r, p, c);
                }
            }
        } catch (IllegalArgumentException e) {
            return problem(400, "Bad Request", e.getMessage());
        } catch (IllegalStateException e) {
            return problem(409, "Conflict", e.getMessage());
        } catch (RuntimeException e) {
            // the host could not read or write what it keeps (deploy/, Configuration Admin), or failed otherwise: not the
            // caller's fault, and still a problem detail (never the servlet container's HTML page)
            LOG.error("{} /api/v1/{} failed: {}", r.method(), String.join("/", p), e.getMessage(), e);
            return problem(500, "Internal Server Error", (e instanceof java.io.UncheckedIOException ? e.getMessage() : "the host failed to answer ("
                    + e.getClass().getSimpleName() + ")") + "; log/tributary.log has the details");
        }
        return notFound(r.method(), p);
    }

    /** The caller, or the 401 (or 503) response to send. */
    private Object authenticate(ApiRequest r) {
        String authorization = r.header("Authorization");
        if (authorization != null) {
            if (token.accepts(authorization)) {
                return Caller.localAdmin();
            }
            String secret = authorization.regionMatches(true, 0, "Bearer ", 0, 7) ? authorization.substring(7).trim() : "";
            UserService u = users.get();
            if (u != null && !secret.isEmpty()) {
                Optional<TokenIdentity> id = u.authenticateToken(secret);
                if (id.isPresent()) {
                    return Caller.of(id.get());
                }
            }
            return problem(401, "Unauthorized", "the bearer token is not valid: an API token (revoked ones stop working at once), or the"
                    + " one in data/admin.token");
        }
        String cookie = r.cookies().get(Sessions.COOKIE);
        if (cookie == null) {
            return problem(401, "Unauthorized", "sign in (POST /api/v1/session), or send 'Authorization: Bearer <token>' with an API token"
                    + " or the token from data/admin.token");
        }
        Optional<Sessions.Session> session = sessions.find(cookie);
        if (session.isEmpty()) {
            return problem(401, "Unauthorized", "the session ended (signed out, idle for " + sessions.idleTimeout().toMinutes()
                    + " minutes, or the host restarted): sign in again").with("Set-Cookie", SessionRoutes.cleared(r.secure()));
        }
        UserService u = users.get();
        if (u == null) {
            return unavailable("user directory (store)");
        }
        Optional<User> user = u.user(session.get().user);
        if (user.isEmpty()) {
            sessions.end(session.get());
            return problem(401, "Unauthorized", "the user of this session no longer exists");
        }
        return Caller.of(user.get(), session.get());
    }

    /**
     * An instance's secrets: names listed, values only ever written (never read back: a secret leaves
     * the vault only towards the connector that uses it).
     */
    private Response secrets(String method, String[] p, char[] body) {
        Vault v = vault.get();
        if (v == null) {
            return unavailable("vault");
        }
        String instance = name(p[1], "instance");
        if (p.length == 3 && method.equals("GET")) {
            return new Response(200, Map.of("instance", instance, "secrets", new java.util.TreeSet<>(v.names(instance))));
        }
        if (p.length != 4) {
            return problem(404, "Not Found", "secrets are at /api/v1/instances/<instance>/secrets/<name>");
        }
        String secret = name(p[3], "secret");
        switch (method) {
            case "PUT" -> {
                if (body == null || body.length == 0) {
                    throw new IllegalArgumentException("send the secret as the request body (text)");
                }
                if (body.length > MAX_SECRET) {
                    return problem(413, "Content Too Large", "a secret may have at most " + MAX_SECRET + " characters");
                }
                v.put(instance, secret, body);
                return new Response(200, Map.of("instance", instance, "secret", secret, "stored", true));
            }
            case "DELETE" -> {
                return v.delete(instance, secret) ? new Response(200, Map.of("instance", instance, "secret", secret, "deleted", true))
                        : problem(404, "Not Found", "instance '" + instance + "' has no secret '" + secret + "'");
            }
            default -> {
                return problem(405, "Method Not Allowed", "a secret can be written (PUT) or deleted (DELETE), never read");
            }
        }
    }

    /** Starts the OAuth authorization code flow of an instance: the URL a person opens to approve access. */
    private Response authorize(SyncService s, String instance) {
        if (s.instance(instance).isEmpty()) {
            return problem(404, "Not Found", "no instance '" + instance + "'");
        }
        OAuthService o = oauth.get();
        if (o == null) {
            return unavailable("OAuth service");
        }
        OAuthService.Authorization a = o.authorize(instance);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("instance", a.instanceId());
        body.put("authorizationUrl", a.url().toString());
        body.put("redirectUri", a.redirectUri().toString());
        body.put("expires", a.expires());
        return new Response(200, body);
    }

    static String name(String value, String what) {
        if (!Connectors.INSTANCE_NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " name '" + value + "' must be " + Connectors.INSTANCE_NAME_RULE);
        }
        return value;
    }

    /**
     * Search, always as principals: an admin may name them ({@code as}; without it, a signed-in admin
     * searches as themselves); anyone else searches as exactly their own principals plus {@code everyone}.
     */
    private Response search(Map<String, List<String>> params, Caller c) {
        SearchService s = search.get();
        if (s == null) {
            return unavailable("index");
        }
        List<String> as = params.getOrDefault("as", List.of());
        Set<String> principals = new LinkedHashSet<>();
        if (!as.isEmpty()) {
            if (c.role() != Role.ADMIN) {
                return problem(403, "Forbidden", "only an admin may search as someone else ('as'); leave it out to search as "
                        + c.name() + " (" + (c.principals().isEmpty() ? "everyone" : String.join(", ", new java.util.TreeSet<>(c.principals()))
                        + " and everyone") + ")");
            }
            principals.addAll(as);
        } else if (c.user() != null) {
            principals.addAll(c.principals());
        } else {
            throw new IllegalArgumentException("say who is searching: as=user:<name> (repeat 'as' for groups)");
        }
        principals.add(UserService.EVERYONE);
        SearchRequest.Filters filters = new SearchRequest.Filters(set(params, "instance"), set(params, "sourceType"),
                set(params, "container"), set(params, "author"), instant(params, "from"), instant(params, "to"));
        int page = integer(params, "page", 0);
        int size = integer(params, "size", 10);
        return new Response(200, s.search(new SearchRequest(first(params, "q"), principals, filters, page, size)));
    }

    private Response withSync(java.util.function.Function<SyncService, Response> f) {
        SyncService s = sync.get();
        return s == null ? unavailable("sync engine") : f.apply(s);
    }

    static Response problem(int status, String title, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        return new Response(status, body);
    }

    static Response notFound(String method, String[] p) {
        return problem(404, "Not Found", method + " /api/v1/" + String.join("/", p) + " is not an API route");
    }

    static Response unavailable(String what) {
        return problem(503, "Service Unavailable", "the " + what + " is not running; see GET /health");
    }

    static String first(Map<String, List<String>> params, String name) {
        List<String> v = params.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static Set<String> set(Map<String, List<String>> params, String name) {
        return Set.copyOf(params.getOrDefault(name, List.of()));
    }

    static int integer(Map<String, List<String>> params, String name, int fallback) {
        String v = first(params, name);
        try {
            return v == null ? fallback : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + v + "'");
        }
    }

    private static Instant instant(Map<String, List<String>> params, String name) {
        String v = first(params, name);
        try {
            return v == null ? null : Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an ISO-8601 instant such as 2026-01-31T00:00:00Z, not '" + v + "'");
        }
    }
}
