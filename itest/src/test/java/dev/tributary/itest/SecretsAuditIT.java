package dev.tributary.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.tributary.itest.oauthprobe.OAuthProbeConnector;
import dev.tributary.testkit.github.FakeGitHub;
import dev.tributary.testkit.github.Issue;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import org.junit.jupiter.api.Test;

/**
 * After a host has been given, or has made, every kind of secret it handles — a GitHub personal
 * access token set with {@code bin/tributary secret set}, a webhook secret (and a signed delivery),
 * an OAuth client secret with the access and refresh tokens of a real authorization (rotated after a
 * restart), the admin password from TRIBUTARY_ADMIN_PASSWORD changed through the API, and an API
 * token — and after what goes wrong (the password typed into the name field, a forged delivery,
 * GitHub refusing the token, the grant revoked),
 * none of them, in any usual form, shows in log/, in a file under data/ (the encrypted
 * store and vault included: no clear text there either), in a command line any user can list, in a
 * process environment others could read, or in any answer of the API and the console's pages.
 */
class SecretsAuditIT extends RunningHost {

    private static final String CLIENT_ID = "tributary-app";
    private static final String OAUTH_CFG = OAuthProbeConnector.PID + "~crm.cfg";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Through the recording proxy, as a browser talks: HTTP/1.1 (what the recording parses), no redirects followed. */
    private final HttpClient browser = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    private RecordingProxy proxy;
    private String cookie;
    private String csrf;

    /** What the OAuth server was sent and answered, seen at its token endpoint. */
    private final List<String> accessTokens = new CopyOnWriteArrayList<>();
    private final List<String> refreshTokens = new CopyOnWriteArrayList<>();
    private final List<String> codes = new CopyOnWriteArrayList<>();
    private final List<String> verifiers = new CopyOnWriteArrayList<>();
    private final List<String> cliOutputs = new CopyOnWriteArrayList<>();

    private final String pat = "ghp_" + random(36);
    private final String hookSecret = "hook secret +/&= " + random(12);
    private final String clientSecret = "client s3cret +/&= " + random(12);
    /** Not containing the user's name: the password rule refuses that. */
    private final String firstPassword = "first words from the environment " + random(10);
    private final String chosenPassword = "words chosen later " + random(10);
    private final SecretScan secrets = new SecretScan().add("the GitHub personal access token", pat).add("the webhook secret", hookSecret)
            .addBasic("the OAuth client secret", CLIENT_ID, clientSecret)
            .addBasic("the first admin password (TRIBUTARY_ADMIN_PASSWORD)", "admin", firstPassword)
            .addBasic("the admin's chosen password", "admin", chosenPassword);

    private ProcessWatch watch;
    private Path dataWhileRunning;

    @Test
    void noSecretShowsInLogsDataProcessesOrAnswers() throws Exception {
        MockOAuth2Server idp = new MockOAuth2Server(new OAuth2Config(false, null, null, true));
        idp.start();
        HttpServer api = oauthApi(URI.create(idp.tokenEndpointUrl("idp").toString()));
        try (FakeGitHub fake = FakeGitHub.start()) {
            fake.token(pat, "octo");
            Issue question = fake.repo("octo", "handbook", false).issue("Where is the kumquat?", "Asking for a friend.", "octo");
            dist = Distribution.copy(tmp, "tributary");
            proxy = new RecordingProxy(dist.port);
            String home = dist.home.toString();
            watch = new ProcessWatch(commandLine -> commandLine.contains(home));

            startWithTheAdminPasswordFromTheEnvironment();
            gitHub(fake, question);
            oauth(idp, api);
            apiToken();
            restart();
            whatGoesWrong(fake, question, idp);
            everyRouteAndPage();
            dataWhileRunning = tmp.resolve("data-while-running");
            copyWhileRunning(dist.home.resolve("data"), dataWhileRunning);
            ok(cli.run("instances"));
            ok(cli.run("status"));
            ok(cli.run("stop"));
        } finally {
            if (watch != null) {
                watch.close();
            }
            api.stop(0);
            idp.shutdown();
            if (proxy != null) {
                proxy.close();
            }
        }
        numbered("OAuth access token", accessTokens);
        numbered("OAuth refresh token", refreshTokens);
        numbered("OAuth authorization code", codes);
        numbered("OAuth PKCE code verifier", verifiers);
        System.out.printf("Audit of %d secrets (%s)%n", secrets.size(), String.join(", ", secrets.names()));

        noneInLogs();
        noneInData();
        noneInProcesses();
        noneInAnswers();
    }

    // ---- what the host is given and makes

    /** The first start with TRIBUTARY_ADMIN_PASSWORD, the connectors dropped in, and that password changed through the API. */
    private void startWithTheAdminPasswordFromTheEnvironment() throws Exception {
        Cli firstStart = new Cli(dist.home, tmp, Map.of("TRIBUTARY_HTTP_PORT", Integer.toString(dist.port),
                "TRIBUTARY_ADMIN_PASSWORD", firstPassword));
        cli = new Cli(dist.home, tmp, Map.of("TRIBUTARY_HTTP_PORT", Integer.toString(dist.port)));
        ok(firstStart.run("start"));
        dist.deployConnector("github");
        TestBundles.drop(dist.deploy(), "oauthprobe.jar", new TestBundles(Paths.get(System.getProperty("tributary.fixtures"))).oauthProbe());
        signIn(firstPassword);
        expect(send("POST", "/api/v1/session/password", JSON.writeValueAsString(Map.of("currentPassword", firstPassword,
                "newPassword", chosenPassword))), 200);
        signIn(chosenPassword);
    }

    /** The token set with the CLI; the instance and its webhook secret through the API; a sync, and a signed delivery. */
    private void gitHub(FakeGitHub fake, Issue question) throws Exception {
        ok(cli.runWithInput(pat + "\n", "secret", "set", "gh", "token"));
        String config = JSON.writeValueAsString(Map.of("factoryPid", "dev.tributary.connector.github",
                "values", Map.of("apiUrl", fake.apiUrl().toString(), "schedule", "manual"), "secrets", Map.of("webhookSecret", hookSecret)));
        await("the GitHub instance made through the API").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .until(() -> send("PUT", "/api/v1/instances/gh/config", config).statusCode() == 201);
        ok(cli.run("sync", "gh", "--wait"));
        awaitFound("kumquat");
        fake.advance(Duration.ofMinutes(1));
        question.edit("Where is the kumquat? (found)", "It was behind the pangolin.");
        assertThat(fake.delivery(hookSecret, "issues", "edited", question).postTo(URI.create(proxy.url("/hooks/gh")))).isEqualTo(202);
        awaitFound("pangolin");
    }

    /** The client secret set with the CLI, an instance from a file, a real authorization, and a sync with its tokens. */
    private void oauth(MockOAuth2Server idp, HttpServer api) throws Exception {
        ok(cli.runWithInput(clientSecret + "\n", "secret", "set", "crm", "clientSecret"));
        Files.writeString(dist.etc().resolve(OAUTH_CFG), String.join("\n",
                "oauth.authorizationEndpoint = " + idp.authorizationEndpointUrl("idp"),
                "oauth.tokenEndpoint = http://127.0.0.1:" + api.getAddress().getPort() + "/token",
                "oauth.clientId = " + CLIENT_ID, "oauth.scopes = openid read",
                "apiUrl = http://127.0.0.1:" + api.getAddress().getPort() + "/items", "schedule = manual", ""));
        await("instance crm appears").atMost(Duration.ofSeconds(30)).until(() -> cli.run("instances", "--json").out().contains("\"crm\""));
        authorize();
        ok(cli.run("sync", "crm", "--wait"));
        awaitFound("report");
    }

    /** An API token, shown once and used once. */
    private void apiToken() throws Exception {
        HttpResponse<String> made = expect(send("POST", "/api/v1/tokens",
                JSON.writeValueAsString(Map.of("name", "audit", "role", "viewer", "user", "admin"))), 201);
        String token = JSON.readTree(made.body()).path("token").asText();
        secrets.add("the API token", token);
        expect(browser.send(HttpRequest.newBuilder(URI.create(proxy.url("/api/v1/search?q=kumquat")))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()), 200);
    }

    /** A restart: the OAuth tokens come back from the vault, and the refresh token is used and rotated. */
    private void restart() throws Exception {
        ok(cli.run("stop"));
        ok(cli.run("start"));
        signIn(chosenPassword);
        ok(cli.run("sync", "crm", "--wait"));
        ok(cli.run("sync", "gh", "--wait"));
        assertThat(refreshTokens).as("refresh tokens issued: at the authorization and after the restart").hasSizeGreaterThanOrEqualTo(2);
    }

    /**
     * Where secrets like to slip into messages: the password typed into the name field, a forged
     * delivery, GitHub refusing the token, the OAuth grant revoked at the provider.
     */
    private void whatGoesWrong(FakeGitHub fake, Issue question, MockOAuth2Server idp) throws Exception {
        HttpResponse<String> slip = browser.send(HttpRequest.newBuilder(URI.create(proxy.url("/api/v1/session")))
                .header("Content-Type", "application/json").header("Origin", proxy.url("")).POST(HttpRequest.BodyPublishers.ofString(
                        JSON.writeValueAsString(Map.of("name", chosenPassword, "password", "not the password at all")))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(slip.statusCode()).isEqualTo(401);
        assertThat(fake.delivery("not the webhook secret", "issues", "edited", question).postTo(URI.create(proxy.url("/hooks/gh"))))
                .isEqualTo(401);
        fake.failNext(20, 401);
        failed(cli.run("sync", "gh", "--wait"));
        HttpResponse<String> revoked = browser.send(HttpRequest.newBuilder(URI.create(idp.url("idp/revoke").toString()))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(
                        "token_type_hint=refresh_token&token=" + refreshTokens.get(refreshTokens.size() - 1))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(revoked.statusCode()).isEqualTo(200);
        assertThat(failed(cli.run("sync", "crm", "--wait")).out()).contains("invalid_grant");
    }

    // ---- the audit

    /** (i) Every file under log/. */
    private void noneInLogs() throws IOException {
        assertThat(Files.readString(dist.log())).as("the log holds the run (the scan reads it)").contains("Instance crm connected");
        assertThat(secrets.findInFiles(dist.home.resolve("log"), dist.home, f -> false)).as("secrets in log/").isEmpty();
    }

    /**
     * (ii) Every file under data/, copied while the host ran and after it stopped: none holds a secret
     * in any form. The encrypted store (HSQLDB's data/store/tributary.script, .data and, while it runs,
     * .log, under AES) and the vault (data/vault/secrets.properties, each value sealed with AES-GCM) are
     * searched like every other file, so they hold none in clear either; and they are not clear text.
     */
    private void noneInData() throws IOException {
        List<String> inData = new ArrayList<>(secrets.findInFiles(dataWhileRunning, tmp, f -> false));
        inData.addAll(secrets.findInFiles(dist.home.resolve("data"), dist.home, f -> false));
        assertThat(inData).as("secrets in files under data/").isEmpty();
        assertThat(new SecretScan().add("the local admin token", Files.readString(dist.home.resolve("data/admin.token")).strip())
                .findInFiles(dist.home.resolve("data"), dist.home, f -> false)).as("the scan reads data/ (a control: the CLI's own "
                        + "token is kept there, readable by its owner only)").containsExactly("the local admin token (as is) in data/admin.token");
        SecretScan clearText = new SecretScan().add("a stored document's words", "It was behind the pangolin")
                .add("a stored document's words", "The quarterly report, read with OAuth").add("the schema", "CREATE TABLE");
        for (Path encrypted : List.of(dataWhileRunning.resolve("store"), dist.home.resolve("data/store"), dist.home.resolve("data/vault"))) {
            assertThat(clearText.findInFiles(encrypted, tmp, f -> false)).as("clear text in the encrypted store or vault").isEmpty();
        }
        assertThat(Files.readString(dist.home.resolve("data/vault/secrets.properties"))).as("the vault's values are sealed")
                .containsPattern("gh/token = v1:[0-9a-f]{8}:").containsPattern("crm/clientSecret = v1:[0-9a-f]{8}:");
    }

    /**
     * (iii) No command line seen (every user may list them) carries a secret. An environment may hold
     * the password given by TRIBUTARY_ADMIN_PASSWORD — the start command's and the host's it spawned —
     * only if no other user may read it (/proc/pid/environ owner-only).
     */
    private void noneInProcesses() {
        List<ProcessWatch.Seen> seen = watch.seen();
        assertThat(seen).as("the host and each CLI call were seen").anySatisfy(p -> assertThat(p.commandLine()).endsWith(" run"))
                .anySatisfy(p -> assertThat(p.commandLine()).contains("secret set gh token"))
                .anySatisfy(p -> assertThat(p.commandLine()).contains("secret set crm clientSecret"))
                .as("the host's environment was read (a control)").anySatisfy(p -> {
                    assertThat(p.commandLine()).endsWith(" run");
                    assertThat(p.environment()).contains("TRIBUTARY_HTTP_PORT=" + dist.port);
                });
        List<String> inCommandLines = new ArrayList<>();
        List<String> inEnvironments = new ArrayList<>();
        for (ProcessWatch.Seen p : seen) {
            inCommandLines.addAll(secrets.findIn("the command line of " + p, p.commandLine()));
            if (p.environment() != null) {
                for (String found : secrets.findIn("the environment of " + p, p.environment())) {
                    inEnvironments.add(found + ", /proc/" + p.pid() + "/environ " + p.environmentPermissions() + " " + p.environmentOwner());
                }
            }
        }
        System.out.printf("Watched %d processes in %d samples; environments holding a secret:%n  %s%n", seen.size(), watch.samples(),
                String.join("\n  ", inEnvironments));
        assertThat(inCommandLines).as("secrets in command lines (readable by every user)").isEmpty();
        assertThat(inEnvironments).as("secrets in process environments: only the password given by TRIBUTARY_ADMIN_PASSWORD, in "
                + "environments only their owner may read").allSatisfy(found -> assertThat(found)
                        .startsWith("the first admin password (TRIBUTARY_ADMIN_PASSWORD) (as is) in the environment of")
                        .contains("/environ r-------- "));
    }

    /** (iv) Every answer of the API, the console, the hooks and the OAuth callback (status line, headers, body); and what the CLI printed. */
    private void noneInAnswers() {
        List<HttpExchange> answered = proxy.exchanges().stream().filter(e -> e.response() != null).toList();
        List<String> inAnswers = new ArrayList<>();
        List<String> tokenShown = new ArrayList<>();
        for (HttpExchange e : answered) {
            HttpExchange.Message r = e.response();
            StringBuilder text = new StringBuilder(r.startLine()).append('\n');
            r.headers().forEach(h -> text.append(h.getKey()).append(": ").append(h.getValue()).append('\n'));
            text.append(r.bodyText());
            for (String found : secrets.findIn("the answer to " + e.describe(), text.toString())) {
                (found.startsWith("the API token (as is)") && e.request().methodAndTarget().equals("POST /api/v1/tokens")
                        ? tokenShown : inAnswers).add(found);
            }
        }
        System.out.printf("Scanned %d answers%n", answered.size());
        assertThat(answered).extracting(e -> e.request().methodAndTarget()).as("the routes and pages audited").contains(
                "GET /api/v1/instances", "GET /api/v1/instances/gh/config", "GET /api/v1/instances/gh/secrets", "GET /api/v1/instances/crm/runs",
                "GET /api/v1/audit", "GET /api/v1/users", "GET /api/v1/tokens", "GET /api/v1/webhooks", "GET /api/v1/search?q=kumquat",
                "GET /console/users.html", "POST /hooks/gh");
        assertThat(tokenShown).as("the API token is shown once, when it is made (proof too that the scan reads bodies)").hasSize(1);
        assertThat(inAnswers).as("secrets in answers").isEmpty();
        List<String> inCli = new ArrayList<>();
        cliOutputs.forEach(out -> inCli.addAll(secrets.findIn("the output of bin/tributary", out)));
        assertThat(inCli).as("secrets printed by the CLI").isEmpty();
    }

    // ---- the REST API and the console, through the recording proxy

    private void everyRouteAndPage() throws Exception {
        for (String path : List.of("instances", "instances/gh", "instances/crm", "instances/gh/config", "instances/crm/config",
                "instances/gh/secrets", "instances/crm/secrets", "instances/gh/runs", "instances/crm/runs", "audit", "users", "tokens",
                "webhooks", "webhooks/dead", "connectors", "session", "search?q=kumquat", "search?q=report", "search?q=pangolin",
                "openapi.json")) {
            expect(send("GET", "/api/v1/" + path, null), 200);
        }
        firstEvent();
        expect(send("GET", "/health", null), 200);
        send("GET", "/metrics", null);
        for (String page : List.of("", "index.html", "login.html", "search.html", "instance.html?id=gh", "instance.html?id=crm",
                "runs.html?id=gh", "webhooks.html", "audit.html", "users.html", "connectors.html", "console.css")) {
            expect(send("GET", "/console/" + page, null), 200);
        }
        for (String script : List.of("api", "audit", "connectors", "dashboard", "instance", "login", "nav", "runs", "search", "ui", "users",
                "webhooks")) {
            expect(send("GET", "/console/js/" + script + ".js", null), 200);
        }
    }

    /** The first instance states of GET /api/v1/events (a stream that does not end by itself). */
    private void firstEvent() throws Exception {
        HttpResponse<InputStream> r = browser.send(request("GET", "/api/v1/events", null).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        try (InputStream in = r.body()) {
            StringBuilder seen = new StringBuilder();
            while (!seen.toString().contains("\n\n")) {
                int c = in.read();
                if (c < 0) {
                    break;
                }
                seen.append((char) c);
            }
        }
    }

    private void signIn(String password) throws Exception {
        cookie = null;
        csrf = null;
        HttpResponse<String> r = expect(send("POST", "/api/v1/session", JSON.writeValueAsString(Map.of("name", "admin", "password", password))), 200);
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        cookie = setCookie.substring(0, setCookie.indexOf(';'));
        csrf = JSON.readTree(r.body()).path("csrfToken").asText();
    }

    private HttpResponse<String> send(String method, String path, String json) throws Exception {
        return browser.send(request(method, path, json).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String method, String path, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(proxy.url(path))).timeout(Duration.ofSeconds(60))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (!method.equals("GET")) {
            b.header("Origin", proxy.url("")).header("Sec-Fetch-Site", "same-origin");
            if (csrf != null) {
                b.header("X-CSRF-Token", csrf);
            }
        }
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return b;
    }

    private static <T> HttpResponse<T> expect(HttpResponse<T> r, int status) {
        assertThat(r.statusCode()).as(r.request().method() + " " + r.uri() + " answered " + r.body()).isEqualTo(status);
        return r;
    }

    private void awaitFound(String word) {
        await("'" + word + "' found").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> JSON.readTree(send("GET", "/api/v1/search?q=" + word, null).body()).path("total").asLong() == 1);
    }

    // ---- OAuth

    /** bin/tributary authorize, then the browser: to the provider and back to the host's callback (through the proxy). */
    private void authorize() throws Exception {
        Cli.Result authorize = ok(cli.run("authorize", "crm"));
        String url = authorize.out().lines().map(String::strip).filter(l -> l.startsWith("http")).findFirst().orElseThrow();
        HttpResponse<String> provider = browser.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(provider.statusCode()).as(provider.body()).isEqualTo(302);
        String callback = provider.headers().firstValue("Location").orElseThrow();
        assertThat(callback).startsWith(dist.url("/oauth/callback?"));
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(URI.create(callback.replace(dist.url(""), proxy.url(""))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.body()).as("the callback page").contains("Instance crm is connected");
    }

    /**
     * The source's API at {@code /items} (any bearer token will do: the audit is about where tokens
     * go), and at {@code /token} the provider's token endpoint as the host reaches it: passed on as is,
     * with what went by noted — codes and verifiers sent, access and refresh tokens answered — and
     * the access tokens made to expire in 2 s.
     */
    private HttpServer oauthApi(URI tokenEndpoint) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        HttpClient upstream = HttpClient.newHttpClient();
        server.createContext("/token", exchange -> {
            byte[] form = exchange.getRequestBody().readAllBytes();
            Map<String, String> fields = form(new String(form, StandardCharsets.US_ASCII));
            if (fields.containsKey("code")) {
                codes.add(fields.get("code"));
            }
            if (fields.containsKey("code_verifier")) {
                verifiers.add(fields.get("code_verifier"));
            }
            HttpResponse<byte[]> answer = TokenRelay.forward(upstream, tokenEndpoint, exchange, form);
            JsonNode json = JSON.readTree(answer.body());
            byte[] body = answer.body();
            if (json.hasNonNull("access_token")) {
                accessTokens.add(json.path("access_token").asText());
                // short-lived, so the sync after the restart refreshes (and the refresh token rotates)
                body = JSON.writeValueAsBytes(((com.fasterxml.jackson.databind.node.ObjectNode) json).put("expires_in", 2));
            }
            if (json.hasNonNull("refresh_token")) {
                refreshTokens.add(json.path("refresh_token").asText());
            }
            exchange.getResponseHeaders().add("Content-Type", answer.headers().firstValue("Content-Type").orElse("application/json"));
            exchange.sendResponseHeaders(answer.statusCode(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/items", exchange -> {
            boolean bearer = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")).startsWith("Bearer ey");
            byte[] body = (bearer ? "The quarterly report, read with OAuth" : "{\"error\":\"invalid_token\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(bearer ? 200 : 401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static Map<String, String> form(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1),
                        StandardCharsets.UTF_8));
            }
        }
        return fields;
    }

    // ---- helpers

    private void numbered(String name, List<String> values) {
        for (int i = 0; i < values.size(); i++) {
            secrets.add(name + " #" + (i + 1), values.get(i));
        }
    }

    private Cli.Result failed(Cli.Result r) {
        cliOutputs.add(r.all());
        assertThat(r.exitCode()).as(r.all()).isNotZero();
        return r;
    }

    private Cli.Result ok(Cli.Result r) {
        cliOutputs.add(r.all());
        assertThat(r.exitCode()).as(r.all()).isZero();
        return r;
    }

    /** Copies what it can of a folder the host is writing to (a file replaced meanwhile is skipped). */
    private static void copyWhileRunning(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                try {
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(f, target);
                    }
                } catch (NoSuchFileException gone) {
                    // removed while copying
                }
            }
        }
    }

    private static String random(int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return s.toString();
    }
}
