package dev.tributary.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.tributary.itest.oauthprobe.OAuthProbeConnector;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import org.junit.jupiter.api.Test;

/**
 * An OAuth connector on a real host against a real OAuth server (mock-oauth2-server, refresh tokens
 * rotated): connected with {@code bin/tributary authorize} and the browser's trip through the
 * provider to {@code /oauth/callback}; synced with the tokens from the vault; paused as
 * needs-authorization when the grant is revoked at the provider, and resumed by authorizing again.
 */
class OAuthIT extends RunningHost {

    private static final String CFG = OAuthProbeConnector.PID + "~crm.cfg";
    private static final String CLIENT_SECRET = "cl13nt-s3cret";
    private final HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    /** Access tokens the source's API saw, and those it no longer accepts. */
    private final List<String> presented = new CopyOnWriteArrayList<>();
    private final Set<String> revoked = ConcurrentHashMap.newKeySet();
    /** Refresh tokens the provider issued, in order. */
    private final List<String> refreshTokens = new CopyOnWriteArrayList<>();

    @Test
    void authorizeSyncLoseTheGrantAndAuthorizeAgain() throws Exception {
        MockOAuth2Server idp = new MockOAuth2Server(new OAuth2Config(false, null, null, true));
        idp.start();
        HttpServer api = api(URI.create(idp.tokenEndpointUrl("idp").toString()));
        try {
            dist = Distribution.copy(tmp, "tributary");
            cli = new Cli(dist.home, tmp, Map.of("TRIBUTARY_HTTP_PORT", Integer.toString(dist.port)));
            Cli.Result start = cli.run("start");
            assertThat(start.exitCode()).as(start.all()).isZero();
            assertThat(cli.runWithInput(CLIENT_SECRET + "\n", "secret", "set", "crm", "clientSecret").exitCode()).isZero();
            Files.writeString(dist.etc().resolve(CFG), String.join("\n",
                    "oauth.authorizationEndpoint = " + idp.authorizationEndpointUrl("idp"),
                    "oauth.tokenEndpoint = http://127.0.0.1:" + api.getAddress().getPort() + "/token",
                    "oauth.clientId = tributary-app",
                    "oauth.scopes = openid read",
                    "apiUrl = http://127.0.0.1:" + api.getAddress().getPort() + "/items",
                    "schedule = manual", ""));
            TestBundles.drop(dist.deploy(), "oauthprobe.jar",
                    new TestBundles(Paths.get(System.getProperty("tributary.fixtures"))).oauthProbe());
            await("instance crm appears").atMost(Duration.ofSeconds(20)).until(() -> cli.run("instances", "--json").out().contains("\"crm\""));

            Cli.Result never = cli.run("sync", "crm", "--wait");
            assertThat(never.exitCode()).isNotZero();
            assertThat(never.out()).contains("is not connected to localhost yet", "bin/tributary authorize crm");
            assertThat(cli.run("instances").out()).contains("needs-authorization");

            connect();
            Cli.Result sync = cli.run("sync", "crm", "--wait");
            assertThat(sync.exitCode()).as(sync.all()).isZero();
            awaitHits("kumquat", "user:nobody", 1);

            // a person revokes the app's access at the provider (RFC 7009), and the source stops accepting its token
            HttpResponse<String> revocation = browser.send(HttpRequest.newBuilder(URI.create(idp.url("idp/revoke").toString()))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("token_type_hint=refresh_token&token=" + refreshTokens.get(refreshTokens.size() - 1)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(revocation.statusCode()).isEqualTo(200);
            revoked.addAll(presented);
            Cli.Result refused = cli.run("sync", "crm", "--wait");
            assertThat(refused.exitCode()).isNotZero();
            assertThat(refused.out()).contains("Instance crm needs re-authorization", "invalid_grant", "bin/tributary authorize crm");
            Cli.Result instances = cli.run("instances");
            assertThat(instances.out()).contains("needs-authorization", "Its syncs are paused: run 'bin/tributary authorize crm'");
            Cli.Result paused = cli.run("sync", "crm");
            assertThat(paused.exitCode()).isNotZero();
            assertThat(paused.err()).contains("needs re-authorization");

            connect();
            Cli.Result again = cli.run("sync", "crm", "--wait");
            assertThat(again.exitCode()).as(again.all()).isZero();
            assertThat(cli.run("instances").out()).doesNotContain("needs-authorization");

            String log = Files.readString(dist.log());
            assertThat(log).contains("Instance crm connected", "Instance crm paused").doesNotContain(CLIENT_SECRET);
            assertThat(presented).isNotEmpty().allSatisfy(token -> assertThat(log).doesNotContain(token));
            assertThat(refreshTokens).hasSizeGreaterThanOrEqualTo(2).allSatisfy(token -> assertThat(log).doesNotContain(token));
        } finally {
            api.stop(0);
            idp.shutdown();
        }
    }

    /** bin/tributary authorize, then the browser: to the provider, which sends it straight back to the host. */
    private void connect() throws Exception {
        Cli.Result authorize = cli.run("authorize", "crm");
        assertThat(authorize.exitCode()).as(authorize.all()).isZero();
        assertThat(authorize.out()).contains("registered with the OAuth app", dist.url("/oauth/callback"));
        String url = authorize.out().lines().map(String::strip).filter(l -> l.startsWith("http")).findFirst().orElseThrow();

        HttpResponse<String> provider = browser.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(provider.statusCode()).as(provider.body()).isEqualTo(302);
        String callback = provider.headers().firstValue("Location").orElseThrow();
        assertThat(callback).startsWith(dist.url("/oauth/callback?"));
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(URI.create(callback)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).contains("Instance crm is connected");
    }

    /**
     * The source's API at {@code /items}: answers with an access token that is unexpired and not
     * revoked, 401 otherwise. And at {@code /token}, the provider's token endpoint as the host reaches
     * it: passed on as is, the refresh tokens of its answers noted (so the test can revoke the grant).
     */
    private HttpServer api(URI tokenEndpoint) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/token", exchange -> {
            HttpResponse<byte[]> answer = TokenRelay.forward(browser, tokenEndpoint, exchange, exchange.getRequestBody().readAllBytes());
            JsonNode json = JSON.readTree(answer.body());
            if (json.hasNonNull("refresh_token")) {
                refreshTokens.add(json.path("refresh_token").asText());
            }
            exchange.getResponseHeaders().add("Content-Type", answer.headers().firstValue("Content-Type").orElse("application/json"));
            exchange.sendResponseHeaders(answer.statusCode(), answer.body().length);
            exchange.getResponseBody().write(answer.body());
            exchange.close();
        });
        server.createContext("/items", exchange -> {
            String auth = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
            String token = auth.startsWith("Bearer ") ? auth.substring(7) : "";
            boolean valid;
            try {
                valid = !revoked.contains(token)
                        && SignedJWT.parse(token).getJWTClaimsSet().getExpirationTime().toInstant().isAfter(Instant.now());
            } catch (java.text.ParseException e) {
                valid = false;
            }
            if (!token.isEmpty()) {
                presented.add(token);
            }
            byte[] body = (valid ? "The kumquat report, read with OAuth" : "{\"error\":\"invalid_token\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(valid ? 200 : 401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }
}
