package dev.tributary.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.tributary.api.search.SearchRequest;
import dev.tributary.api.search.SearchService;
import dev.tributary.api.sync.SyncService;
import dev.tributary.api.users.Role;
import dev.tributary.testkit.LogCapture;
import dev.tributary.testkit.MemoryVault;
import dev.tributary.testkit.MemoryWebhookInbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may call what: sessions (cookie, CSRF, idle timeout, forced password change), throttled sign-in,
 * API tokens, roles per route, search principals — and no secret in any response.
 */
class SecurityTest {

    static final String HOST = "127.0.0.1:8080";
    static final String ADMIN_PW = "admin's real password";
    static final String OPERATOR_PW = "operator pass 1234";
    static final String VIEWER_PW = "viewer pass 12345";
    static final String FIRST_PW = "one-time pw 7f3k9q";

    @TempDir
    Path data;
    String adminToken;
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-03-01T10:00:00Z"));
    final FakeUsers users = new FakeUsers()
            .with("admin", Role.ADMIN, Set.of("user:admin@example.com"), ADMIN_PW, false)
            .with("olga", Role.OPERATOR, Set.of("group:ops"), OPERATOR_PW, false)
            .with("vic", Role.VIEWER, Set.of("user:vic@example.com", "group:eng"), VIEWER_PW, false)
            .with("newbie", Role.ADMIN, Set.of(), FIRST_PW, true);
    final List<SearchRequest> searches = new ArrayList<>();
    final List<String> synced = new ArrayList<>();
    final MemoryVault vault = new MemoryVault();
    /** Every response body of the test, as the servlet would write it. */
    final List<String> bodies = new ArrayList<>();
    final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    Sessions sessions;
    Api api;

    @BeforeEach
    void setUp() throws Exception {
        AdminToken token = AdminToken.loadOrCreate(data);
        adminToken = Files.readString(data.resolve(AdminToken.FILE)).trim();
        SearchService search = FakeServices.search(searches::add);
        SyncService sync = FakeServices.sync(synced::add);
        MemoryWebhookInbox inbox = new MemoryWebhookInbox();
        sessions = new Sessions(now::get, Duration.ofMinutes(30));
        api = new Api(token, Services.none().search(search).sync(sync).vault(vault).inbox(inbox).users(users), sessions,
                new LoginThrottle(now::get));
    }

    @AfterEach
    void noSecretInAnyResponse() {
        for (String body : bodies) {
            assertThat(body).doesNotContain(ADMIN_PW, OPERATOR_PW, VIEWER_PW, FIRST_PW, adminToken, "\"password\":", "Hash")
                    .doesNotContainIgnoringCase("argon2");
        }
    }

    /** A browser: keeps the session cookie and the CSRF token, sends them like the console's pages do. */
    final class Browser {
        String cookie;
        String csrf;
        String address = "10.0.0.7";

        Api.Response signIn(String name, String password) {
            Api.Response r = send(ApiRequest.of("POST", "/session", Map.of()).json(Map.of("name", name, "password", password)));
            if (r.status() == 200) {
                cookie = cookieValue(r.headers().get("Set-Cookie"));
                csrf = (String) body(r).get("csrfToken");
            }
            return r;
        }

        Api.Response get(String path) {
            return send(ApiRequest.of("GET", path, Map.of()));
        }

        Api.Response get(String path, Map<String, List<String>> params) {
            return send(ApiRequest.of("GET", path, params));
        }

        Api.Response post(String path, Map<String, Object> body) {
            return send(ApiRequest.of("POST", path, Map.of()).json(body));
        }

        Api.Response send(ApiRequest r) {
            ApiRequest sent = r.from(address, false).header("Host", HOST);
            if (r.changes() && r.header("Sec-Fetch-Site") == null) {
                sent = sent.header("Sec-Fetch-Site", "same-origin");
            }
            if (r.changes() && csrf != null && r.header(Api.CSRF_HEADER) == null) {
                sent = sent.header(Api.CSRF_HEADER, csrf);
            }
            if (cookie != null) {
                sent = sent.cookie(Sessions.COOKIE, cookie);
            }
            return call(sent);
        }
    }

    Api.Response call(ApiRequest r) {
        Api.Response response = api.handle(r);
        try {
            bodies.add(json.writeValueAsString(response.body()) + response.headers());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return response;
    }

    Api.Response withToken(String token, String method, String path, Map<String, List<String>> params) {
        return call(ApiRequest.of(method, path, params).header("Authorization", "Bearer " + token));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> body(Api.Response r) {
        return (Map<String, Object>) r.body();
    }

    static String cookieValue(String setCookie) {
        return setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
    }

    @Test
    void signingInSetsAStrictHttpOnlySessionCookieAndAnswersTheUserAndACsrfToken() {
        Browser b = new Browser();
        Api.Response r = b.signIn("vic", VIEWER_PW);

        assertThat(r.status()).isEqualTo(200);
        String cookie = r.headers().get("Set-Cookie");
        assertThat(cookie).startsWith(Sessions.COOKIE + "=").contains("; Path=/", "; HttpOnly", "; SameSite=Strict").doesNotContain("Secure")
                .doesNotContain("Max-Age").doesNotContain("Expires");
        assertThat(cookieValue(cookie)).hasSizeGreaterThanOrEqualTo(43);
        assertThat(body(r)).containsEntry("user", "vic").containsEntry("role", "viewer").containsEntry("mustChangePassword", false)
                .containsEntry("idleTimeoutSeconds", 1800L).containsKey("csrfToken");
        assertThat(body(r).get("csrfToken")).isNotEqualTo(cookieValue(cookie));

        // over TLS the cookie is Secure too
        Api.Response tls = call(ApiRequest.of("POST", "/session", Map.of()).json(Map.of("name", "vic", "password", VIEWER_PW))
                .from("10.0.0.8", true));
        assertThat(tls.headers().get("Set-Cookie")).endsWith("; Secure");

        // the session authenticates, GET /session answers the CSRF token again (after a page reload)
        assertThat(body(b.get("/session"))).containsEntry("user", "vic").containsEntry("csrfToken", b.csrf);

        Api.Response out = b.send(ApiRequest.of("DELETE", "/session", Map.of()));
        assertThat(out.status()).isEqualTo(200);
        assertThat(out.headers().get("Set-Cookie")).contains("Max-Age=0");
        assertThat(b.get("/session").status()).isEqualTo(401);
    }

    @Test
    void wrongNamesAndPasswordsGetTheSameAnswerAndNoCookie() {
        Browser b = new Browser();
        Api.Response wrongPassword = b.signIn("vic", "not the password");
        Api.Response unknown = b.signIn("nobody", "not the password");
        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(wrongPassword.body()).isEqualTo(unknown.body());
        assertThat(wrongPassword.headers()).doesNotContainKey("Set-Cookie");

        assertThat(call(ApiRequest.of("POST", "/session", Map.of())).status()).as("not JSON").isEqualTo(415);
        assertThat(call(ApiRequest.of("POST", "/session", Map.of()).json(Map.of("name", "vic"))).status()).isEqualTo(400);
    }

    @Test
    void aOneTimePasswordMustBeChangedBeforeAnythingElse() {
        Browser b = new Browser();
        Api.Response r = b.signIn("newbie", FIRST_PW);
        assertThat(body(r)).containsEntry("mustChangePassword", true);

        Api.Response refused = b.get("/instances");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body().toString()).contains("change your one-time password first", "/api/v1/session/password");
        assertThat(b.get("/users").status()).isEqualTo(403);
        assertThat(b.get("/search", Map.of("q", List.of("x"))).status()).isEqualTo(403);
        assertThat(b.get("/session").status()).as("who am I still answers").isEqualTo(200);

        assertThat(b.post("/session/password", Map.of("currentPassword", "wrong", "newPassword", "a much better one")).status()).isEqualTo(400);
        Api.Response weak = b.post("/session/password", Map.of("currentPassword", FIRST_PW, "newPassword", "short"));
        assertThat(weak.status()).isEqualTo(400);
        assertThat(weak.body().toString()).contains("at least 12 characters");
        Api.Response changed = b.post("/session/password", Map.of("currentPassword", FIRST_PW, "newPassword", "a much better one"));
        assertThat(changed.status()).isEqualTo(200);
        assertThat(body(changed)).containsEntry("mustChangePassword", false);

        assertThat(b.get("/instances").status()).isEqualTo(200);
        assertThat(users.audit).contains("newbie user.password.change newbie");
    }

    @Test
    void aPasswordChangeEndsTheUsersOtherSessions() {
        Browser laptop = new Browser();
        Browser phone = new Browser();
        laptop.signIn("olga", OPERATOR_PW);
        phone.signIn("olga", OPERATOR_PW);
        assertThat(laptop.post("/session/password", Map.of("currentPassword", OPERATOR_PW, "newPassword", "a fresh one 4321")).status())
                .isEqualTo(200);
        assertThat(laptop.get("/instances").status()).isEqualTo(200);
        assertThat(phone.get("/instances").status()).isEqualTo(401);
    }

    @Test
    void sessionsEndAfterTheConfiguredIdleTime() {
        Browser b = new Browser();
        b.signIn("vic", VIEWER_PW);
        now.set(now.get().plus(Duration.ofMinutes(29)));
        assertThat(b.get("/session").status()).as("29 minutes idle").isEqualTo(200);
        now.set(now.get().plus(Duration.ofMinutes(29)));
        assertThat(b.get("/session").status()).as("a request renews the session").isEqualTo(200);
        now.set(now.get().plus(Duration.ofMinutes(30)));
        Api.Response expired = b.get("/session");
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.body().toString()).contains("idle for 30 minutes");
        assertThat(expired.headers().get("Set-Cookie")).contains("Max-Age=0");
        assertThat(sessions.size()).isZero();

        // a configuration change applies to sessions already open
        b.signIn("vic", VIEWER_PW);
        sessions.idleTimeout(Duration.ofMinutes(5));
        now.set(now.get().plus(Duration.ofMinutes(5)));
        assertThat(b.get("/session").status()).isEqualTo(401);
    }

    @Test
    void aChangeMadeWithASessionNeedsItsCsrfTokenAndSameOrigin() {
        Browser b = new Browser();
        b.signIn("olga", OPERATOR_PW);
        ApiRequest sync = ApiRequest.of("POST", "/instances/docs/sync", Map.of());

        Api.Response missing = b.send(sync.header(Api.CSRF_HEADER, ""));
        assertThat(missing.status()).isEqualTo(403);
        assertThat(missing.body().toString()).contains(Api.CSRF_HEADER);
        assertThat(b.send(sync.header(Api.CSRF_HEADER, b.csrf + "x")).status()).isEqualTo(403);
        Browser other = new Browser();
        other.signIn("admin", ADMIN_PW);
        assertThat(b.send(sync.header(Api.CSRF_HEADER, other.csrf)).status()).as("another session's token").isEqualTo(403);
        assertThat(synced).isEmpty();

        // a form on another site: the browser says so, whatever it sends
        Api.Response crossSite = b.send(sync.header("Sec-Fetch-Site", "cross-site").header(Api.CSRF_HEADER, b.csrf));
        assertThat(crossSite.status()).isEqualTo(403);
        assertThat(crossSite.body().toString()).contains("cross-site");
        assertThat(b.send(sync.header("Origin", "https://evil.example")).status()).isEqualTo(403);
        assertThat(b.send(sync.header("Origin", "null")).status()).isEqualTo(403);
        assertThat(synced).isEmpty();

        // reads need no token; a same-origin change with it goes through
        assertThat(b.get("/instances").status()).isEqualTo(200);
        assertThat(b.send(sync.header("Origin", "http://" + HOST)).status()).isEqualTo(202);
        assertThat(synced).containsExactly("docs");
    }

    @Test
    void aCrossSiteSignInIsRefusedToo() {
        Api.Response r = call(ApiRequest.of("POST", "/session", Map.of()).json(Map.of("name", "vic", "password", VIEWER_PW))
                .header("Host", HOST).header("Origin", "http://attacker.example").header("Sec-Fetch-Site", "cross-site"));
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.headers()).doesNotContainKey("Set-Cookie");
    }

    @Test
    void originMatchingIgnoresTheSchemeAndDefaultPorts() {
        assertThat(SameOrigin.matchesHost("http://127.0.0.1:8080", "127.0.0.1:8080")).isTrue();
        assertThat(SameOrigin.matchesHost("https://tributary.example", "tributary.example")).isTrue();
        assertThat(SameOrigin.matchesHost("https://tributary.example", "tributary.example:443")).isTrue();
        assertThat(SameOrigin.matchesHost("http://[::1]:8080", "[::1]:8080")).isTrue();
        assertThat(SameOrigin.matchesHost("http://127.0.0.1:8081", "127.0.0.1:8080")).isFalse();
        assertThat(SameOrigin.matchesHost("http://tributary.example.evil", "tributary.example")).isFalse();
        assertThat(SameOrigin.matchesHost("null", "tributary.example")).isFalse();
        assertThat(SameOrigin.matchesHost("http://a", null)).isFalse();
    }

    @Test
    void failedSignInsAreThrottledPerNameWithRetryAfterAndLoggedWithoutThePassword() {
        Browser b = new Browser();
        try (LogCapture log = new LogCapture()) {
            for (int i = 1; i <= LoginThrottle.FREE_PER_NAME; i++) {
                assertThat(b.signIn("vic", "guess number " + i).status()).isEqualTo(401);
            }
            assertThat(b.signIn("vic", "guess number 6").status()).as("counted; blocks the next").isEqualTo(401);
            Api.Response refused = b.signIn("vic", VIEWER_PW);
            assertThat(refused.status()).as("even the right password waits").isEqualTo(429);
            assertThat(refused.headers()).containsEntry("Retry-After", "1");
            assertThat(refused.body().toString()).contains("try again in 1 s");

            now.set(now.get().plusSeconds(1));
            assertThat(b.signIn("vic", "guess number 7").status()).isEqualTo(401);
            assertThat(b.signIn("vic", VIEWER_PW).headers()).as("twice as long").containsEntry("Retry-After", "2");
            now.set(now.get().plusSeconds(2));
            assertThat(b.signIn("vic", VIEWER_PW).status()).isEqualTo(200);
            assertThat(b.signIn("vic", "guess again").status()).as("a success clears the count").isEqualTo(401);

            assertThat(log.lines("WARN")).anySatisfy(l -> assertThat(l).contains("Failed sign-in as 'vic' from 10.0.0.7 (6 in a row"));
            assertThat(log.lines("WARN")).anySatisfy(l -> assertThat(l).contains("Sign-in as 'vic' from 10.0.0.7 refused"));
            assertThat(String.join("\n", log.lines("WARN"))).doesNotContain("guess number", VIEWER_PW);
        }
    }

    @Test
    void aNameNoUserHasIsNotLoggedForItMayBeAPasswordTypedIntoTheNameField() {
        Browser b = new Browser();
        try (LogCapture log = new LogCapture()) {
            assertThat(b.signIn(VIEWER_PW, VIEWER_PW).status()).isEqualTo(401);
            assertThat(log.lines("WARN")).singleElement().asString()
                    .contains("Failed sign-in as a name no user has (" + VIEWER_PW.length() + " characters) from 10.0.0.7")
                    .doesNotContain(VIEWER_PW);
        }
    }

    @Test
    void failedSignInsAreThrottledPerAddressAcrossNames() {
        Browser b = new Browser();
        for (int i = 1; i <= LoginThrottle.FREE_PER_ADDRESS; i++) {
            assertThat(b.signIn("user" + i, "whatever it is").status()).isEqualTo(401);
        }
        assertThat(b.signIn("user21", "whatever it is").status()).isEqualTo(401);
        assertThat(b.signIn("vic", VIEWER_PW).status()).as("the address waits").isEqualTo(429);
        Browser elsewhere = new Browser();
        elsewhere.address = "10.0.0.99";
        assertThat(elsewhere.signIn("vic", VIEWER_PW).status()).isEqualTo(200);
        // forgotten 15 minutes after the last failure
        now.set(now.get().plus(LoginThrottle.FORGET_AFTER));
        assertThat(b.signIn("vic", VIEWER_PW).status()).isEqualTo(200);
    }

    @Test
    void delaysDoubleUpToFifteenMinutes() {
        assertThat(LoginThrottle.delay(1)).hasSeconds(1);
        assertThat(LoginThrottle.delay(2)).hasSeconds(2);
        assertThat(LoginThrottle.delay(10)).hasSeconds(512);
        assertThat(LoginThrottle.delay(11)).isEqualTo(Duration.ofMinutes(15));
        assertThat(LoginThrottle.delay(500)).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void eachRouteChecksTheRole() {
        Browser viewer = new Browser();
        viewer.signIn("vic", VIEWER_PW);
        Browser operator = new Browser();
        operator.signIn("olga", OPERATOR_PW);
        Browser admin = new Browser();
        admin.signIn("admin", ADMIN_PW);

        Map<String, int[]> expected = new LinkedHashMap<>();
        // route → status for viewer, operator, admin
        expected.put("GET /search", new int[] {200, 200, 200});
        expected.put("GET /session", new int[] {200, 200, 200});
        expected.put("GET /instances", new int[] {403, 200, 200});
        expected.put("GET /instances/docs", new int[] {403, 200, 200});
        expected.put("POST /instances/docs/sync", new int[] {403, 202, 202});
        expected.put("POST /instances/docs/cancel", new int[] {403, 409, 409});
        expected.put("GET /instances/docs/secrets", new int[] {403, 200, 200});
        expected.put("PUT /instances/docs/secrets/token", new int[] {403, 403, 200});
        expected.put("DELETE /instances/docs/secrets/token", new int[] {403, 403, 200});
        expected.put("POST /instances/docs/authorize", new int[] {403, 403, 503});
        expected.put("GET /webhooks/dead", new int[] {403, 200, 200});
        expected.put("POST /webhooks/1/replay", new int[] {403, 404, 404});
        expected.put("POST /vault/rotate-key", new int[] {403, 403, 200});
        expected.put("POST /index/rebuild", new int[] {403, 403, 200});
        expected.put("GET /users", new int[] {403, 403, 200});
        expected.put("GET /users/vic", new int[] {403, 403, 200});
        expected.put("PATCH /users/vic", new int[] {403, 403, 200});
        expected.put("POST /users/vic/password", new int[] {403, 403, 400});
        expected.put("GET /tokens", new int[] {403, 403, 200});
        expected.put("DELETE /tokens/99", new int[] {403, 403, 404});
        Browser[] who = {viewer, operator, admin};
        for (Map.Entry<String, int[]> e : expected.entrySet()) {
            String method = e.getKey().split(" ")[0];
            String path = e.getKey().split(" ")[1];
            for (int i = 0; i < who.length; i++) {
                ApiRequest r = ApiRequest.of(method, path, path.equals("/search") ? Map.of("q", List.of("x")) : Map.of());
                r = method.equals("PUT") ? r.text("s3cret-value".toCharArray()) : method.equals("PATCH") ? r.json(Map.of()) : r;
                Api.Response response = who[i].send(r);
                assertThat(response.status()).as("%s as %s: %s", e.getKey(), List.of("viewer", "operator", "admin").get(i), response.body())
                        .isEqualTo(e.getValue()[i]);
                if (response.status() == 403) {
                    assertThat(response.body().toString()).contains("needs the role");
                }
            }
        }
        assertThat(call(ApiRequest.of("GET", "/instances", Map.of())).status()).as("nobody").isEqualTo(401);
    }

    @Test
    void searchRunsAsTheSignedInUsersPrincipalsAndOnlyAnAdminMayChooseOthers() {
        Browser viewer = new Browser();
        viewer.signIn("vic", VIEWER_PW);
        assertThat(viewer.get("/search", Map.of("q", List.of("report"))).status()).isEqualTo(200);
        assertThat(searches.get(0).principals()).containsExactlyInAnyOrder("user:vic@example.com", "group:eng", "everyone");

        Api.Response as = viewer.get("/search", Map.of("q", List.of("report"), "as", List.of("user:ceo@example.com")));
        assertThat(as.status()).isEqualTo(403);
        assertThat(as.body().toString()).contains("only an admin may search as someone else");
        assertThat(searches).hasSize(1);

        Browser admin = new Browser();
        admin.signIn("admin", ADMIN_PW);
        admin.get("/search", Map.of("q", List.of("report")));
        assertThat(searches.get(1).principals()).containsExactlyInAnyOrder("user:admin@example.com", "everyone");
        admin.get("/search", Map.of("q", List.of("report"), "as", List.of("user:ceo@example.com")));
        assertThat(searches.get(2).principals()).containsExactlyInAnyOrder("user:ceo@example.com", "everyone");
        // the local admin token names whom it searches as, as bin/tributary always did
        assertThat(withToken(adminToken, "GET", "/search", Map.of("q", List.of("x"))).status()).isEqualTo(400);
        assertThat(withToken(adminToken, "GET", "/search", Map.of("as", List.of("user:x"))).status()).isEqualTo(200);
    }

    @Test
    void apiTokensAreShownOnceListedWithoutSecretAndActAsTheirOwnerWithinTheirScope() {
        Browser admin = new Browser();
        admin.signIn("admin", ADMIN_PW);
        Api.Response created = admin.post("/tokens", Map.of("name", "report", "role", "viewer", "user", "vic"));
        assertThat(created.status()).isEqualTo(201);
        String secret = (String) body(created).get("token");
        assertThat(body(created)).containsEntry("user", "vic").containsEntry("role", "viewer").containsEntry("name", "report");
        bodies.remove(bodies.size() - 1); // the one response allowed to carry a secret

        Api.Response listed = admin.get("/tokens");
        assertThat(listed.body().toString()).doesNotContain(secret).contains("report");
        assertThat(admin.post("/tokens", Map.of("name", "too much", "role", "admin", "user", "vic")).status()).isEqualTo(400);
        assertThat(withToken(adminToken, "POST", "/tokens", Map.of()).status()).as("not JSON: no name").isEqualTo(400);

        assertThat(withToken(secret, "GET", "/search", Map.of("q", List.of("x"))).status()).isEqualTo(200);
        assertThat(searches.get(0).principals()).containsExactlyInAnyOrder("user:vic@example.com", "group:eng", "everyone");
        assertThat(withToken(secret, "GET", "/search", Map.of("as", List.of("user:ceo")))).extracting(Api.Response::status).isEqualTo(403);
        assertThat(withToken(secret, "GET", "/instances", Map.of()).status()).isEqualTo(403);
        assertThat(withToken(secret, "POST", "/users", Map.of()).status()).isEqualTo(403);
        assertThat(body(withToken(secret, "GET", "/session", Map.of()))).containsEntry("user", "vic").containsEntry("authenticatedBy", "token");
        assertThat(withToken(secret, "DELETE", "/session", Map.of()).status()).as("no session to end").isEqualTo(400);
        // a token needs no CSRF token: browsers never send it by themselves
        long id = ((Number) body(created).get("id")).longValue();
        assertThat(admin.send(ApiRequest.of("DELETE", "/tokens/" + id, Map.of())).status()).isEqualTo(200);
        assertThat(withToken(secret, "GET", "/search", Map.of("q", List.of("x"))).status()).isEqualTo(401);
        assertThat(users.audit).contains("admin token.create 1", "admin token.revoke 1");
    }

    @Test
    void adminsManageUsersAndEveryChangeNamesWhoMadeIt() {
        Browser admin = new Browser();
        admin.signIn("admin", ADMIN_PW);
        Api.Response created = admin.post("/users", Map.of("name", "wendy", "role", "viewer", "principals", List.of("user:wendy@example.com"),
                "password", "a first password"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(body(created)).containsEntry("user", "wendy").containsEntry("mustChangePassword", true).doesNotContainKey("password");
        assertThat(admin.post("/users", Map.of("name", "wendy", "role", "viewer", "password", "another good one")).status()).isEqualTo(409);
        assertThat(admin.post("/users", Map.of("name", "xena", "role", "boss", "password", "another good one")).status()).isEqualTo(400);
        assertThat(admin.post("/users", Map.of("name", "xena", "role", "viewer", "principals", "group:x", "password", "another good one"))
                .body().toString()).contains("list of strings");

        Api.Response patched = admin.send(ApiRequest.of("PATCH", "/users/wendy", Map.of()).json(Map.of("role", "operator",
                "principals", List.of("group:ops"))));
        assertThat(body(patched)).containsEntry("role", "operator").containsEntry("principals", new java.util.TreeSet<>(Set.of("group:ops")));
        assertThat(admin.get("/users").body().toString()).contains("wendy", "vic", "olga");

        // a reset password forces a change and ends the user's sessions
        Browser vic = new Browser();
        vic.signIn("vic", VIEWER_PW);
        assertThat(admin.post("/users/vic/password", Map.of("password", "temporary pass 42x")).status()).isEqualTo(200);
        assertThat(vic.get("/session").status()).isEqualTo(401);
        assertThat(body(vic.signIn("vic", "temporary pass 42x"))).containsEntry("mustChangePassword", true);

        assertThat(admin.send(ApiRequest.of("DELETE", "/users/wendy", Map.of())).status()).isEqualTo(200);
        assertThat(admin.send(ApiRequest.of("DELETE", "/users/wendy", Map.of())).status()).isEqualTo(404);
        assertThat(users.audit).contains("admin user.create wendy", "admin user.update wendy", "admin user.password.reset vic",
                "admin user.delete wendy");

        // the local admin token acts as admin too, named as such
        Map<String, Object> newUser = new HashMap<>(Map.of("name", "yuri", "role", "viewer", "password", "yet another good one"));
        assertThat(call(ApiRequest.of("POST", "/users", Map.of()).header("Authorization", "Bearer " + adminToken).json(newUser)).status())
                .isEqualTo(201);
        assertThat(users.audit).contains(Caller.LOCAL_ADMIN + " user.create yuri");
    }

    @Test
    void theLastAdminStays() {
        Browser admin = new Browser();
        admin.signIn("admin", ADMIN_PW);
        users.delete("newbie", "test");
        Api.Response r = admin.send(ApiRequest.of("DELETE", "/users/admin", Map.of()));
        assertThat(r.status()).isEqualTo(409);
    }

    @Test
    void aSessionOfADeletedOrDemotedUserFollowsAtOnce() {
        Browser olga = new Browser();
        olga.signIn("olga", OPERATOR_PW);
        users.update("olga", Role.VIEWER, null, "test");
        assertThat(olga.get("/instances").status()).isEqualTo(403);
        users.delete("olga", "test");
        assertThat(olga.get("/session").status()).isEqualTo(401);
    }
}
