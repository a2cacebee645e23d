package dev.tributary.rest.internal;

import dev.tributary.api.oauth.OAuthService;
import dev.tributary.api.search.SearchRequest;
import dev.tributary.api.search.SearchService;
import dev.tributary.api.store.WebhookInbox;
import dev.tributary.api.sync.SyncService;
import dev.tributary.api.vault.Vault;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The routes of {@code /api/v1}, apart from HTTP: a request in, a status and a JSON-able body out.
 * Errors are RFC 9457 problem details.
 */
final class Api {

    record Response(int status, Object body) {
        boolean problem() {
            return status >= 400;
        }
    }

    private final AdminToken token;
    private final Supplier<SearchService> search;
    private final Supplier<SyncService> sync;
    private final Supplier<Vault> vault;
    private final WebhookRoutes webhooks;
    private final Supplier<OAuthService> oauth;

    Api(AdminToken token, Supplier<SearchService> search, Supplier<SyncService> sync, Supplier<Vault> vault) {
        this(token, search, sync, vault, () -> null, () -> null);
    }

    Api(AdminToken token, Supplier<SearchService> search, Supplier<SyncService> sync, Supplier<Vault> vault,
            Supplier<WebhookInbox> inbox) {
        this(token, search, sync, vault, inbox, () -> null);
    }

    Api(AdminToken token, Supplier<SearchService> search, Supplier<SyncService> sync, Supplier<Vault> vault,
            Supplier<WebhookInbox> inbox, Supplier<OAuthService> oauth) {
        this.token = token;
        this.search = search;
        this.sync = sync;
        this.vault = vault;
        this.webhooks = new WebhookRoutes(inbox);
        this.oauth = oauth;
    }

    /** Longest secret accepted (a private key in PEM is a few KB). */
    static final int MAX_SECRET = 65_536;
    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

    Response handle(String method, String path, Map<String, List<String>> params, String authorization) {
        return handle(method, path, params, authorization, null);
    }

    /** @param body the request's body, for the routes that take one (a secret), else null */
    Response handle(String method, String path, Map<String, List<String>> params, String authorization, char[] body) {
        if (!token.accepts(authorization)) {
            return problem(401, "Unauthorized", "send 'Authorization: Bearer <token>' with the token from data/admin.token");
        }
        String[] p = path == null || path.isEmpty() ? new String[0] : path.replaceAll("^/+|/+$", "").split("/");
        try {
            if (p.length == 1 && p[0].equals("search") && method.equals("GET")) {
                return search(params);
            }
            if (p.length == 1 && p[0].equals("instances") && method.equals("GET")) {
                return withSync(s -> new Response(200, Map.of("instances", s.instances())));
            }
            if (p.length == 2 && p[0].equals("instances") && method.equals("GET")) {
                return withSync(s -> s.instance(p[1]).map(i -> new Response(200, i))
                        .orElseGet(() -> problem(404, "Not Found", "no instance '" + p[1] + "'")));
            }
            if (p.length == 3 && p[0].equals("instances") && p[2].equals("sync") && method.equals("POST")) {
                boolean full = "true".equalsIgnoreCase(first(params, "full"));
                return withSync(s -> s.sync(p[1], full) ? new Response(202, Map.of("instance", p[1], "queued", true, "full", full))
                        : problem(404, "Not Found", "no instance '" + p[1] + "'"));
            }
            if (p.length == 3 && p[0].equals("instances") && p[2].equals("cancel") && method.equals("POST")) {
                return withSync(s -> s.cancel(p[1]) ? new Response(200, Map.of("instance", p[1], "cancelled", true))
                        : problem(409, "Conflict", "instance '" + p[1] + "' has no sync running"));
            }
            if (p.length == 3 && p[0].equals("instances") && p[2].equals("authorize") && method.equals("POST")) {
                return withSync(s -> authorize(s, p[1]));
            }
            if (p.length >= 3 && p[0].equals("instances") && p[2].equals("secrets")) {
                return secrets(method, p, body);
            }
            if (p.length >= 2 && p[0].equals("webhooks")) {
                return webhooks.handle(method, p, params);
            }
            if (p.length == 2 && p[0].equals("vault") && p[1].equals("rotate-key") && method.equals("POST")) {
                Vault v = vault.get();
                if (v == null) {
                    return unavailable("vault");
                }
                v.rotateMasterKey();
                return new Response(200, Map.of("rotated", true));
            }
            if (p.length == 2 && p[0].equals("index") && p[1].equals("rebuild") && method.equals("POST")) {
                SearchService s = search.get();
                return s == null ? unavailable("index") : new Response(200, Map.of("documents", s.rebuild()));
            }
        } catch (IllegalArgumentException e) {
            return problem(400, "Bad Request", e.getMessage());
        } catch (IllegalStateException e) {
            return problem(409, "Conflict", e.getMessage());
        }
        return problem(404, "Not Found", method + " /api/v1/" + String.join("/", p) + " is not an API route");
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

    private static String name(String value, String what) {
        if (!NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " name '" + value + "' must be letters, digits, '.', '_' or '-'");
        }
        return value;
    }

    private Response search(Map<String, List<String>> params) {
        SearchService s = search.get();
        if (s == null) {
            return unavailable("index");
        }
        Set<String> principals = new LinkedHashSet<>(params.getOrDefault("as", List.of()));
        if (principals.isEmpty()) {
            throw new IllegalArgumentException("say who is searching: as=user:<name> (repeat 'as' for groups)");
        }
        principals.add("everyone");
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

    private static Response unavailable(String what) {
        return problem(503, "Service Unavailable", "the " + what + " is not running; see GET /health");
    }

    private static String first(Map<String, List<String>> params, String name) {
        List<String> v = params.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static Set<String> set(Map<String, List<String>> params, String name) {
        return Set.copyOf(params.getOrDefault(name, List.of()));
    }

    private static int integer(Map<String, List<String>> params, String name, int fallback) {
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
