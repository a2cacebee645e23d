package dev.tributary.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

/**
 * Users and security on a real host started with bin/tributary: the first start's one-time admin
 * password (printed, or from TRIBUTARY_ADMIN_PASSWORD), the forced change, sessions with CSRF tokens,
 * roles, search as the user's own principals, a cross-site form refused — and the CLI still working
 * with the local admin token.
 */
class UsersIT extends RunningHost {

    private static final Pattern ONE_TIME = Pattern.compile("one-time password:\\s*\\n\\s*\\n\\s+(\\S+)\\s*\\n");

    /** A browser's cookie and CSRF token, sent like the console's pages send them. */
    final class Browser {
        String cookie;
        String csrf;

        HttpResponse<String> signIn(String name, String password) throws Exception {
            HttpResponse<String> r = send("POST", "/api/v1/session", JSON.writeValueAsString(Map.of("name", name, "password", password)));
            if (r.statusCode() == 200) {
                String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
                cookie = setCookie.substring(0, setCookie.indexOf(';'));
                csrf = JSON.readTree(r.body()).path("csrfToken").asText();
            }
            return r;
        }

        HttpResponse<String> send(String method, String path, String json) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(dist.url(path))).timeout(Duration.ofSeconds(30))
                    .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
            if (json != null) {
                b.header("Content-Type", "application/json");
            }
            if (!method.equals("GET")) {
                b.header("Origin", "http://127.0.0.1:" + dist.port).header("Sec-Fetch-Site", "same-origin");
                if (csrf != null) {
                    b.header("X-CSRF-Token", csrf);
                }
            }
            if (cookie != null) {
                b.header("Cookie", cookie);
            }
            return Distribution.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> get(String path) throws Exception {
            return send("GET", path, null);
        }
    }

    @Test
    void firstSignInWithThePrintedPasswordForcedChangeRolesAndPrincipals() throws Exception {
        Path source = Files.createDirectories(tmp.resolve("source"));
        Files.setPosixFilePermissions(source, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(source.resolve("menu.md"), "Lunch today: a wombat-shaped pie.");
        Files.setPosixFilePermissions(source.resolve("menu.md"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.writeString(source.resolve("raise.md"), "Raises this year: the platypus plan.");
        Files.setPosixFilePermissions(source.resolve("raise.md"), PosixFilePermissions.fromString("rw-------"));

        dist = Distribution.copy(tmp, "tributary");
        cli = new Cli(dist.home, tmp, Map.of("TRIBUTARY_HTTP_PORT", Integer.toString(dist.port)));
        Cli.Result start = cli.run("start");
        assertThat(start.exitCode()).as(start.all()).isZero();

        // the one-time password: on the terminal of bin/tributary start, and in the log
        Matcher m = ONE_TIME.matcher(start.out());
        assertThat(m.find()).as("bin/tributary start shows the banner: %s", start.out()).isTrue();
        String oneTime = m.group(1);
        assertThat(start.out()).contains("First start: created the user 'admin'", "/api/v1/session");
        assertThat(dist.logText()).contains(oneTime);

        Browser admin = new Browser();
        assertThat(admin.signIn("admin", "not-" + oneTime).statusCode()).isEqualTo(401);
        HttpResponse<String> signedIn = admin.signIn("admin", oneTime);
        assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(200);
        assertThat(signedIn.headers().firstValue("Set-Cookie").orElseThrow()).contains("HttpOnly", "SameSite=Strict", "Path=/")
                .doesNotContain("Secure");
        assertThat(JSON.readTree(signedIn.body()).path("mustChangePassword").asBoolean()).isTrue();
        assertSecurityHeaders(signedIn);

        // nothing but the password change until it is done
        HttpResponse<String> blocked = admin.get("/api/v1/instances");
        assertThat(blocked.statusCode()).isEqualTo(403);
        assertThat(blocked.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(blocked.body()).contains("change your one-time password first");
        String adminPassword = "the boss's own passphrase";
        HttpResponse<String> changed = admin.send("POST", "/api/v1/session/password",
                JSON.writeValueAsString(Map.of("currentPassword", oneTime, "newPassword", adminPassword)));
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(admin.get("/api/v1/instances").statusCode()).isEqualTo(200);
        assertThat(new Browser().signIn("admin", oneTime).statusCode()).as("the one-time password is gone").isEqualTo(401);

        // a filesystem instance with a file for everyone and one for its owner only
        dist.deployConnector("filesystem");
        Files.writeString(dist.etc().resolve("dev.tributary.connector.filesystem~docs.cfg"), "root = " + source + "\nschedule = manual\n");
        await("instance docs appears").atMost(Duration.ofSeconds(20)).until(() -> cli.run("instances", "--json").out().contains("\"docs\""));
        Cli.Result sync = cli.run("sync", "docs", "--wait");
        assertThat(sync.exitCode()).as("the CLI still works with the local admin token: %s", sync.all()).isZero();
        awaitHits("wombat", "user:nobody", 1);

        // users made by the admin: one linked to the file owner's principal, one to nobody
        String me = System.getProperty("user.name");
        assertThat(admin.send("POST", "/api/v1/users", JSON.writeValueAsString(Map.of("name", "owen", "role", "viewer",
                "principals", List.of("user:" + me), "password", "first pass for O"))).statusCode()).isEqualTo(201);
        assertThat(admin.send("POST", "/api/v1/users", JSON.writeValueAsString(Map.of("name", "vera", "role", "viewer",
                "password", "first pass for V"))).statusCode()).isEqualTo(201);

        Browser owen = signInChangingPassword("owen", "first pass for O", "O's own secret words");
        Browser vera = signInChangingPassword("vera", "first pass for V", "V's own secret words");

        // search runs as the user's principals plus everyone
        assertThat(hits(vera, "platypus")).isZero();
        assertThat(hits(vera, "wombat")).isEqualTo(1);
        assertThat(hits(owen, "platypus")).isEqualTo(1);
        HttpResponse<String> as = vera.get("/api/v1/search?q=platypus&as=" + URLEncoder.encode("user:" + me, StandardCharsets.UTF_8));
        assertThat(as.statusCode()).as("only admins choose principals").isEqualTo(403);

        // a viewer gets 403 on everything but search and their session
        for (String[] route : new String[][] {{"GET", "/api/v1/instances"}, {"GET", "/api/v1/users"}, {"POST", "/api/v1/users"},
                {"GET", "/api/v1/tokens"}, {"POST", "/api/v1/instances/docs/sync"}, {"GET", "/api/v1/webhooks/dead"},
                {"PUT", "/api/v1/instances/docs/secrets/token"}, {"POST", "/api/v1/vault/rotate-key"}}) {
            HttpResponse<String> r = vera.send(route[0], route[1], route[0].equals("GET") ? null : "{}");
            assertThat(r.statusCode()).as("%s %s: %s", route[0], route[1], r.body()).isEqualTo(403);
            assertThat(r.body()).contains("needs the role");
        }
        assertThat(vera.get("/api/v1/session").statusCode()).isEqualTo(200);

        // a form on another site posting with the admin's cookie is refused, and nothing happens
        String runsBefore = runs();
        assertThat(runsBefore).isEqualTo("idle run 1");
        HttpResponse<String> crossSite = Distribution.HTTP.send(HttpRequest.newBuilder(URI.create(dist.url("/api/v1/instances/docs/sync")))
                .header("Cookie", admin.cookie).header("Origin", "https://attacker.example").header("Sec-Fetch-Site", "cross-site")
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("full=true")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertThat(crossSite.body()).contains("cross-site");
        HttpResponse<String> noCsrf = Distribution.HTTP.send(HttpRequest.newBuilder(URI.create(dist.url("/api/v1/instances/docs/sync")))
                .header("Cookie", admin.cookie).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(noCsrf.statusCode()).as("the session's CSRF token is missing").isEqualTo(403);
        assertThat(runs()).isEqualTo(runsBefore);

        // an API token, shown once, acts as its owner within its scope
        HttpResponse<String> token = admin.send("POST", "/api/v1/tokens", JSON.writeValueAsString(Map.of("name", "report", "role", "viewer",
                "user", "owen")));
        assertThat(token.statusCode()).isEqualTo(201);
        String secret = JSON.readTree(token.body()).path("token").asText();
        assertThat(admin.get("/api/v1/tokens").body()).contains("report").doesNotContain(secret);
        HttpResponse<String> bySecret = Distribution.HTTP.send(HttpRequest.newBuilder(URI.create(dist.url("/api/v1/search?q=platypus")))
                .header("Authorization", "Bearer " + secret).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(JSON.readTree(bySecret.body()).path("total").asLong()).isEqualTo(1);

        // signed out, the cookie is worth nothing
        assertThat(admin.send("DELETE", "/api/v1/session", null).statusCode()).isEqualTo(200);
        assertThat(admin.get("/api/v1/instances").statusCode()).isEqualTo(401);

        assertThat(dist.logText()).contains("Failed sign-in as 'admin' from 127.0.0.1")
                .doesNotContain(adminPassword, "O's own secret words", "first pass for V", secret, "not-" + oneTime);
    }

    @Test
    void thePasswordFromTheEnvironmentPlainHttpOnEveryAddressWarnedAboutAndTlsFromAKeystore() throws Exception {
        String given = "given through the environment";
        char[] storePassword = "keystore pass 42".toCharArray();
        dist = Distribution.copy(tmp, "tributary");
        cli = new Cli(dist.home, tmp, Map.of("TRIBUTARY_HTTP_PORT", Integer.toString(dist.port), "TRIBUTARY_ADMIN_PASSWORD", given,
                "TRIBUTARY_HTTP_HOST", "0.0.0.0", "TRIBUTARY_HTTPS_KEYSTORE_PASSWORD", new String(storePassword)));
        Cli.Result start = cli.run("start");
        assertThat(start.exitCode()).as(start.all()).isZero();
        assertThat(start.out()).doesNotContain("one-time password").doesNotContain(given);

        Browser admin = new Browser();
        HttpResponse<String> r = admin.signIn("admin", given);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).path("mustChangePassword").asBoolean()).isTrue();
        assertThat(admin.get("/api/v1/users").statusCode()).isEqualTo(403);
        assertThat(dist.logText()).contains("created the user 'admin' with the password from TRIBUTARY_ADMIN_PASSWORD").doesNotContain(given);
        assertThat(dist.logText()).contains("WARN", "Plain HTTP (no TLS) listens on 0.0.0.0, port " + dist.port, "in clear");

        // HTTPS from a keystore, as docs/OPERATIONS.md says: a second Jetty by a factory configuration, its password from the environment
        Path keystore = dist.home.resolve("keys/https.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-alias", "tributary", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "30", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", new String(storePassword), "-keypass", new String(storePassword)).redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0)
                .as(new String(keytool.getInputStream().readAllBytes())).isTrue();
        int tlsPort = Distribution.freePort();
        Files.writeString(dist.etc().resolve("org.apache.felix.http~tls.cfg"), String.join("\n",
                "org.apache.felix.http.name = tls", "org.apache.felix.http.host = 127.0.0.1", "org.apache.felix.http.enable = false",
                "org.apache.felix.https.enable = true", "org.osgi.service.http.port.secure = " + tlsPort,
                "org.apache.felix.https.keystore = " + keystore, "org.apache.felix.https.keystore.type = PKCS12") + "\n");
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(keystore)) {
            trusted.load(in, storePassword);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        HttpClient https = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(2)).build();
        URI session = URI.create("https://127.0.0.1:" + tlsPort + "/api/v1/session");
        HttpResponse<String> overTls = await("HTTPS answers").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .ignoreExceptions().until(() -> https.send(HttpRequest.newBuilder(session).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("name", "admin", "password", given))))
                        .build(), HttpResponse.BodyHandlers.ofString()), x -> x.statusCode() == 200);
        assertThat(overTls.headers().firstValue("Set-Cookie").orElseThrow()).as("Secure under TLS").endsWith("; Secure");
        assertSecurityHeaders(overTls);
        SecretScan password = new SecretScan().add("the keystore password", new String(storePassword));
        for (String folder : List.of("etc", "data", "log")) {
            assertThat(password.findInFiles(dist.home.resolve(folder), dist.home, f -> false)).as("in %s/", folder).isEmpty();
        }
        assertThat(dist.logText()).as("no warning about a password in a file").doesNotContain("keeps a copy of every configuration in clear");
    }

    private Browser signInChangingPassword(String name, String first, String chosen) throws Exception {
        Browser b = new Browser();
        assertThat(b.signIn(name, first).statusCode()).isEqualTo(200);
        HttpResponse<String> r = b.send("POST", "/api/v1/session/password",
                JSON.writeValueAsString(Map.of("currentPassword", first, "newPassword", chosen)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return b;
    }

    private static long hits(Browser b, String query) throws Exception {
        HttpResponse<String> r = b.get("/api/v1/search?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).path("total").asLong();
    }

    /** The instance's state and latest run, asked with the local admin token: a sync queued would change it. */
    private String runs() throws Exception {
        HttpResponse<String> r = Distribution.HTTP.send(HttpRequest.newBuilder(URI.create(dist.url("/api/v1/instances/docs")))
                .header("Authorization", "Bearer " + dist.adminToken()).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode docs = JSON.readTree(r.body());
        return docs.path("state").asText() + " run " + docs.path("lastRun").path("id").asLong();
    }

    static void assertSecurityHeaders(HttpResponse<String> r) {
        assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(r.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(r.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v -> assertThat(v).contains("default-src 'self'",
                "frame-ancestors 'none'"));
    }
}
