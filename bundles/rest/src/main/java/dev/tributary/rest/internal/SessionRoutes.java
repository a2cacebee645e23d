package dev.tributary.rest.internal;

import dev.tributary.api.users.User;
import dev.tributary.api.users.UserService;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/v1/session}: sign in (a session cookie and a CSRF token), who am I, sign out, and change
 * one's own password. Failed sign-ins are throttled ({@link LoginThrottle}) and logged with the
 * address and the name if a user has it, never the password (nor a name no user has: it may be one).
 */
final class SessionRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(SessionRoutes.class);
    private final Supplier<UserService> users;
    private final Sessions sessions;
    private final LoginThrottle throttle;

    SessionRoutes(Supplier<UserService> users, Sessions sessions, LoginThrottle throttle) {
        this.users = users;
        this.sessions = sessions;
        this.throttle = throttle;
    }

    /** {@code POST /session} with {@code {"name", "password"}}: needs no credentials. */
    Api.Response signIn(ApiRequest r) {
        if (r.json() == null) {
            return Api.problem(415, "Unsupported Media Type", "send {\"name\": …, \"password\": …} as application/json");
        }
        String name = r.required("name");
        String password = r.required("password");
        UserService u = users.get();
        if (u == null) {
            return Api.unavailable("user directory (store)");
        }
        Optional<Duration> wait = throttle.refused(name, r.remoteAddress());
        if (wait.isPresent()) {
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            LOG.warn("Sign-in as {} from {} refused for {} s more: too many failures", shown(u, name), r.remoteAddress(), seconds);
            return Api.problem(429, "Too Many Requests", "too many failed sign-ins for this name or from this address: try again in "
                    + seconds + " s").with("Retry-After", Long.toString(seconds));
        }
        char[] secret = password.toCharArray();
        Optional<User> user;
        try {
            user = u.authenticate(name, secret);
        } finally {
            Arrays.fill(secret, '\0');
        }
        if (user.isEmpty()) {
            int failures = throttle.failed(name, r.remoteAddress());
            LOG.warn("Failed sign-in as {} from {} ({} in a row for this name)", shown(u, name), r.remoteAddress(), failures);
            return Api.problem(401, "Unauthorized", "wrong name or password");
        }
        throttle.succeeded(name);
        Sessions.Started started = sessions.start(user.get().name());
        LOG.info("{} signed in from {}{}", user.get().name(), r.remoteAddress(), user.get().mustChangePassword() ? " (must change the password)" : "");
        return new Api.Response(200, body(user.get(), started.session())).with("Set-Cookie", cookie(started.cookieValue(), r.secure()));
    }

    /** {@code GET /session}: who is calling, and for a browser its CSRF token again (after a page reload). */
    Api.Response current(Caller c) {
        if (c.session() != null) {
            return new Api.Response(200, body(c.user(), c.session()));
        }
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("user", c.name());
        b.put("role", c.role().id());
        b.put("principals", new TreeSet<>(c.principals()));
        b.put("authenticatedBy", c.kind());
        return new Api.Response(200, b);
    }

    /** {@code DELETE /session}: signs out. */
    Api.Response signOut(Caller c, ApiRequest r) {
        if (c.session() == null) {
            return Api.problem(400, "Bad Request", "there is no session to end: this request was authenticated by a token");
        }
        sessions.end(c.session());
        LOG.info("{} signed out", c.name());
        return new Api.Response(200, Map.of("signedOut", true)).with("Set-Cookie", cleared(r.secure()));
    }

    /** {@code POST /session/password} with {@code {"currentPassword", "newPassword"}}: the user's other sessions end. */
    Api.Response changePassword(Caller c, ApiRequest r) {
        if (c.session() == null) {
            return Api.problem(400, "Bad Request", "sign in first (POST /api/v1/session): a password is changed by its user");
        }
        UserService u = users.get();
        if (u == null) {
            return Api.unavailable("user directory (store)");
        }
        char[] current = r.required("currentPassword").toCharArray();
        char[] next = r.required("newPassword").toCharArray();
        User changed;
        try {
            changed = u.changePassword(c.name(), current, next);
        } finally {
            Arrays.fill(current, '\0');
            Arrays.fill(next, '\0');
        }
        sessions.endAllOf(changed.name(), c.session());
        LOG.info("{} changed their password", changed.name());
        return new Api.Response(200, body(changed, c.session()));
    }

    private Map<String, Object> body(User user, Sessions.Session session) {
        Map<String, Object> b = UserRoutes.json(user);
        b.put("authenticatedBy", "session");
        b.put("csrfToken", session.csrf);
        b.put("idleTimeoutSeconds", sessions.idleTimeout().toSeconds());
        return b;
    }

    /** The session cookie: HttpOnly, SameSite=Strict, the whole host, Secure under TLS; gone when the browser closes. */
    static String cookie(String value, boolean secure) {
        return Sessions.COOKIE + "=" + value + "; Path=/; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }

    static String cleared(boolean secure) {
        return Sessions.COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }

    /** A name as typed, safe for one log line: no control characters, at most 64 characters. */
    /**
     * The name a failed sign-in gave, as the log may show it: quoted when a user has it; otherwise only
     * its length, for it may be a password typed into the name field.
     */
    private static String shown(UserService u, String name) {
        return u.user(name).isPresent() ? "'" + loggable(name) + "'" : "a name no user has (" + name.length() + " characters)";
    }

    static String loggable(String name) {
        String n = name.replaceAll("\\p{Cntrl}", "?");
        return n.length() > 64 ? n.substring(0, 64) + "…" : n;
    }
}
