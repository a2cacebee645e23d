package dev.tributary.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.itest.tokenprobe.TokenProbeConnector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import org.junit.jupiter.api.Test;

/**
 * Issue 7, point 4, on a real host process: a provider whose access tokens live {@value #TOKEN_SECONDS} s
 * and whose refresh tokens are single-use and rotated (mock-oauth2-server behind
 * {@link RotatingTokenEndpoint}), an instance that uses its one credential from three sync threads and
 * from webhook runs at the same time for {@value #BUSY_MILLIS} ms: one refresh per token's window, no
 * {@code invalid_grant}, every API call with a token then valid. Then {@code kill -9} right after a
 * refresh (once the refreshed token is in use), and the restarted host refreshes with the rotated
 * refresh token: nothing lost, not paused.
 */
class TokenTroubleIT extends RunningHost {

    private static final String INSTANCE = "crm";
    private static final String CFG = TokenProbeConnector.PID + "~" + INSTANCE + ".cfg";
    private static final long TOKEN_SECONDS = 5;
    private static final long BUSY_MILLIS = 24_000;
    private static final int DELIVERIES = 10;
    private final HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void shortLivedRotatingTokensSharedByConcurrentRunsAndAKillRightAfterARefresh() throws Exception {
        long began = System.nanoTime();
        MockOAuth2Server idp = new MockOAuth2Server(new OAuth2Config(false, null, null, true, new OAuth2TokenProvider(),
                Set.of(new DefaultOAuth2TokenCallback("idp", "ada", "JWT", List.of("crm-api"), Map.of(), TOKEN_SECONDS))));
        idp.start();
        try (RotatingTokenEndpoint tokens = new RotatingTokenEndpoint(URI.create(idp.tokenEndpointUrl("idp").toString()));
                BearerCheckingApi api = new BearerCheckingApi(tokens::expiryOf, Duration.ofMillis(25))) {
            dist = Distribution.copy(tmp, "tributary");
            cli = new Cli(dist.home, tmp, Map.of("TRIBUTARY_HTTP_PORT", Integer.toString(dist.port)));
            start();
            assertThat(cli.runWithInput("cl13nt-s3cret\n", "secret", "set", INSTANCE, "clientSecret").exitCode()).isZero();
            configure(idp, tokens, api, BUSY_MILLIS);
            TestBundles.drop(dist.deploy(), "tokenprobe.jar",
                    new TestBundles(Paths.get(System.getProperty("tributary.fixtures"))).tokenProbe());
            awaitInstance();
            connect();
            assertThat(tokens.refreshCount()).as("refreshes before any sync").isZero();

            // the busy phase: a sync of three threads (the one connecting started; --wait below waits for it), and webhook
            // runs beside it, all on one credential: one sync per instance runs at a time, webhook runs go alongside
            Instant busyFrom = Instant.now();
            for (int d = 0; d < DELIVERIES; d++) {
                assertThat(deliver("d" + d)).as("delivery d%d accepted", d).isEqualTo(202);
            }
            Cli.Result sync = cli.run("sync", INSTANCE, "--wait");
            assertThat(sync.exitCode()).as(sync.all()).isZero();
            await("all " + DELIVERIES + " webhook runs succeeded").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> runs("webhook", "succeeded") == DELIVERIES);
            Instant busyTo = Instant.now();
            System.out.printf("TokenTroubleIT busy phase: %d ms, %d API calls (%d at once at most), %d refreshes%n",
                    Duration.between(busyFrom, busyTo).toMillis(), api.calls(), api.mostAtOnce(), tokens.refreshCount());

            assertThat(api.mostAtOnce()).as("API calls at once: the sync's three threads and a webhook run").isGreaterThanOrEqualTo(4);
            assertThat(api.refusals()).as("API calls without a then-valid access token").isEmpty();
            assertOneRefreshPerWindow(tokens.refreshes(), Duration.between(busyFrom, busyTo));
            assertThat(tokens.invalidGrants()).as("invalid_grant answers of the provider").isZero();
            assertHostUntroubled();

            // kill -9 right after a refresh: once its new access token is in use, which the host does only after storing it
            long pid = hostPid();
            int refreshesBefore = tokens.refreshCount();
            assertThat(cli.run("sync", INSTANCE).exitCode()).isZero();
            await("a refresh during the second sync").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
                    .until(() -> tokens.refreshCount() > refreshesBefore);
            String refreshed = tokens.newestAccessToken();
            await("the refreshed access token in use").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(2))
                    .until(() -> api.hasSeen(refreshed));
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            Instant killed = Instant.now();
            await("host process gone").atMost(Duration.ofSeconds(20)).until(() -> !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
            int refreshesAtKill = tokens.refreshCount();
            String rotated = tokens.newestRefreshToken();
            System.out.printf("TokenTroubleIT: kill -9 %d ms after the refresh was answered%n",
                    Duration.between(tokens.refreshes().get(refreshesBefore).answered(), killed).toMillis());
            assertThat(refreshesAtKill).as("refreshes before the kill").isEqualTo(refreshesBefore + 1);

            // long enough that its token, stored before the kill, must be refreshed during it
            configure(idp, tokens, api, TOKEN_SECONDS * 1000);
            start();
            awaitInstance();
            Cli.Result after = cli.run("sync", INSTANCE, "--wait");
            assertThat(after.exitCode()).as(after.all()).isZero();
            List<RotatingTokenEndpoint.Refresh> sinceKill = tokens.refreshes().subList(refreshesAtKill, tokens.refreshCount());
            assertThat(sinceKill).as("refreshes after the restart").isNotEmpty();
            assertThat(sinceKill.get(0)).as("the restarted host's first refresh used the rotated refresh token it stored before the kill")
                    .extracting(RotatingTokenEndpoint.Refresh::presentedNewest, RotatingTokenEndpoint.Refresh::status).containsExactly(true, 200);
            assertThat(rotated).as("the refresh token stored before the kill was spent after the restart").isNotEqualTo(tokens.newestRefreshToken());
            assertThat(tokens.invalidGrants()).as("invalid_grant answers of the provider").isZero();
            assertThat(api.refusals()).as("API calls without a then-valid access token").isEmpty();
            assertThat(cli.run("instances").out()).doesNotContain("needs-authorization");
            assertHostUntroubled();
            System.out.printf("TokenTroubleIT: %d refreshes in all, %d ms%n", tokens.refreshCount(), (System.nanoTime() - began) / 1_000_000);
        } finally {
            idp.shutdown();
        }
    }

    /**
     * One refresh per access token's window: each presented the newest refresh token and was granted,
     * no two came closer than a tenth of a token's life (a second refresh for the same expiry would come
     * within a round trip), and none came later than a token's life after the one before (calls ran the
     * whole time).
     */
    private static void assertOneRefreshPerWindow(List<RotatingTokenEndpoint.Refresh> refreshes, Duration busy) {
        assertThat(refreshes).as("refreshes").allSatisfy(r -> {
            assertThat(r.presentedNewest()).as("presented the newest refresh token").isTrue();
            assertThat(r.status()).as("granted (error %s)", r.error()).isEqualTo(200);
        });
        long windows = busy.toSeconds() / TOKEN_SECONDS;
        assertThat((long) refreshes.size()).as("refreshes in %s with tokens living %d s", busy, TOKEN_SECONDS)
                .isGreaterThanOrEqualTo(windows - 1);
        for (int i = 1; i < refreshes.size(); i++) {
            Duration gap = Duration.between(refreshes.get(i - 1).answered(), refreshes.get(i).answered());
            assertThat(gap).as("time between refresh %d and %d", i - 1, i)
                    .isGreaterThan(Duration.ofMillis(TOKEN_SECONDS * 1000 / 10)) // ~2 s here; a refresh's round trip under load may eat some
                    .isLessThanOrEqualTo(Duration.ofSeconds(TOKEN_SECONDS));
        }
    }

    /** Nothing in the host's log says a token was refused or the instance paused. */
    private void assertHostUntroubled() throws Exception {
        String log = Files.readString(dist.log());
        assertThat(log).as("host log").doesNotContain("invalid_grant", "needs re-authorization", "Instance " + INSTANCE + " paused");
    }

    private void configure(MockOAuth2Server idp, RotatingTokenEndpoint tokens, BearerCheckingApi api, long syncMillis) throws Exception {
        Files.writeString(dist.etc().resolve(CFG), String.join("\n",
                "oauth.authorizationEndpoint = " + idp.authorizationEndpointUrl("idp"),
                "oauth.tokenEndpoint = " + tokens.uri(),
                "oauth.clientId = tributary-app",
                "oauth.scopes = openid read",
                "apiUrl = " + api.url(),
                "probe.threads = 3",
                "probe.syncMillis = " + syncMillis,
                "probe.hookMillis = 2000",
                "schedule = manual", ""));
    }

    private void start() throws Exception {
        Cli.Result start = cli.run("start");
        assertThat(start.exitCode()).as(start.all()).isZero();
    }

    private void awaitInstance() {
        await("instance " + INSTANCE + " runs").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> cli.run("instances", "--json").out().contains("\"" + INSTANCE + "\""));
    }

    /** bin/tributary authorize, then the browser's trip: the provider sends it straight back to the host's callback. */
    private void connect() throws Exception {
        Cli.Result authorize = cli.run("authorize", INSTANCE);
        assertThat(authorize.exitCode()).as(authorize.all()).isZero();
        String url = authorize.out().lines().map(String::strip).filter(l -> l.startsWith("http")).findFirst().orElseThrow();
        HttpResponse<String> provider = browser.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        String callback = provider.headers().firstValue("Location").orElseThrow(() -> new AssertionError("provider answered " + provider.statusCode()));
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(URI.create(callback)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.body()).as("callback page").contains("Instance " + INSTANCE + " is connected");
    }

    private int deliver(String id) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create(dist.url("/hooks/" + INSTANCE)))
                .header("Content-Type", "application/json").header("X-Probe-Delivery", id)
                .POST(HttpRequest.BodyPublishers.ofString("{\"changed\":\"" + id + "\"}")).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }

    /** The instance's recorded runs of {@code mode} that ended with {@code status}. */
    private long runs(String mode, String status) throws Exception {
        HttpResponse<String> r = browser.send(HttpRequest.newBuilder(URI.create(dist.url("/api/v1/instances/" + INSTANCE + "/runs?size=500")))
                .header("Authorization", "Bearer " + dist.adminToken()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode runs = JSON.readTree(r.body()).path("runs");
        return StreamSupport.stream(runs.spliterator(), false)
                .filter(run -> mode.equals(run.path("mode").asText()) && status.equals(run.path("status").asText())).count();
    }

    /** The pid the running host wrote into its lock file. */
    private long hostPid() throws Exception {
        return Long.parseLong(Files.readString(dist.home.resolve("data/tributary.lock")).trim());
    }
}
