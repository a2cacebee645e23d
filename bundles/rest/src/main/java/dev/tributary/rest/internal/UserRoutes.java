package dev.tributary.rest.internal;

import dev.tributary.api.users.ApiToken;
import dev.tributary.api.users.NewToken;
import dev.tributary.api.users.Role;
import dev.tributary.api.users.User;
import dev.tributary.api.users.UserService;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * {@code /api/v1/users} and {@code /api/v1/tokens}, for admins: users listed, created, changed (role,
 * principals), deleted and given a temporary password; tokens created (the secret in that response
 * only), listed (never a secret) and revoked. The store audits each change with the caller's name.
 */
final class UserRoutes {

    private final Supplier<UserService> users;
    private final Sessions sessions;

    UserRoutes(Supplier<UserService> users, Sessions sessions) {
        this.users = users;
        this.sessions = sessions;
    }

    /** @param p the path below {@code /api/v1}, starting with {@code users} */
    Api.Response users(String method, String[] p, ApiRequest r, Caller c) {
        UserService u = users.get();
        if (u == null) {
            return Api.unavailable("user directory (store)");
        }
        if (p.length == 1 && method.equals("GET")) {
            return new Api.Response(200, Map.of("users", u.users().stream().map(UserRoutes::json).toList()));
        }
        if (p.length == 1 && method.equals("POST")) {
            char[] password = r.required("password").toCharArray();
            try {
                User created = u.create(r.required("name"), Role.of(r.required("role")), orEmpty(r.strings("principals")), password, c.actor());
                return new Api.Response(201, json(created));
            } finally {
                Arrays.fill(password, '\0');
            }
        }
        String name = p[1];
        if (p.length == 2 && method.equals("GET")) {
            return u.user(name).map(x -> new Api.Response(200, json(x))).orElseGet(() -> noUser(name));
        }
        if (p.length == 2 && method.equals("PATCH")) {
            String role = r.field("role");
            return u.update(name, role == null ? null : Role.of(role), r.strings("principals"), c.actor())
                    .map(x -> new Api.Response(200, json(x))).orElseGet(() -> noUser(name));
        }
        if (p.length == 2 && method.equals("DELETE")) {
            if (!u.delete(name, c.actor())) {
                return noUser(name);
            }
            sessions.endAllOf(name.strip().toLowerCase(java.util.Locale.ROOT), null);
            return new Api.Response(200, Map.of("user", name, "deleted", true));
        }
        if (p.length == 3 && p[2].equals("password") && method.equals("POST")) {
            char[] password = r.required("password").toCharArray();
            try {
                if (!u.resetPassword(name, password, c.actor())) {
                    return noUser(name);
                }
            } finally {
                Arrays.fill(password, '\0');
            }
            sessions.endAllOf(name.strip().toLowerCase(java.util.Locale.ROOT), null);
            return new Api.Response(200, Map.of("user", name, "mustChangePassword", true));
        }
        return Api.notFound(method, p);
    }

    /** @param p the path below {@code /api/v1}, starting with {@code tokens} */
    Api.Response tokens(String method, String[] p, ApiRequest r, Caller c) {
        UserService u = users.get();
        if (u == null) {
            return Api.unavailable("user directory (store)");
        }
        if (p.length == 1 && method.equals("GET")) {
            return new Api.Response(200, Map.of("tokens", u.tokens().stream().map(UserRoutes::json).toList()));
        }
        if (p.length == 1 && method.equals("POST")) {
            String owner = r.field("user");
            if (owner == null) {
                if (c.user() == null) {
                    throw new IllegalArgumentException("say whose token it is: \"user\" (it searches as that user's principals)");
                }
                owner = c.user().name();
            }
            NewToken created = u.createToken(owner, r.required("name"), Role.of(r.required("role")), c.actor());
            Map<String, Object> body = json(created.token());
            body.put("token", created.secret());
            body.put("note", "this is the only time the token is shown: keep it now");
            return new Api.Response(201, body);
        }
        if (p.length == 2 && method.equals("DELETE")) {
            long id;
            try {
                id = Long.parseLong(p[1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("a token's id is a number (GET /api/v1/tokens lists them), not '" + p[1] + "'");
            }
            return u.revokeToken(id, c.actor()) ? new Api.Response(200, Map.of("token", id, "revoked", true))
                    : Api.problem(404, "Not Found", "no token " + id);
        }
        return Api.notFound(method, p);
    }

    static Map<String, Object> json(User u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("user", u.name());
        m.put("role", u.role().id());
        m.put("principals", new TreeSet<>(u.principals()));
        m.put("mustChangePassword", u.mustChangePassword());
        m.put("created", u.created());
        m.put("lastLogin", u.lastLogin());
        return m;
    }

    static Map<String, Object> json(ApiToken t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("name", t.name());
        m.put("user", t.user());
        m.put("role", t.role().id());
        m.put("created", t.created());
        m.put("lastUsed", t.lastUsed());
        return m;
    }

    private static Set<String> orEmpty(Set<String> s) {
        return s == null ? Set.of() : s;
    }

    private static Api.Response noUser(String name) {
        return Api.problem(404, "Not Found", "no user '" + name + "'");
    }
}
