package dev.tributary.itest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

/** The assembled platform boots completely: every bundle active, nothing unresolved, /health UP. */
class PlatformIT {

    @TempDir
    static Path tmp;
    static InProcessHost host;

    @BeforeAll
    static void boot() throws Exception {
        host = new InProcessHost(tmp);
    }

    @AfterAll
    static void stop() {
        if (host != null) {
            host.close();
        }
    }

    @Test
    void everyPlatformBundleIsActiveAndNothingIsUnresolved() {
        List<Bundle> bundles = Arrays.asList(host.context().getBundles());
        assertThat(bundles).extracting(Bundle::getSymbolicName).contains(
                "org.apache.felix.scr", "org.apache.felix.configadmin", "org.apache.felix.metatype",
                "org.apache.felix.fileinstall", "org.apache.felix.http.jetty12",
                "org.ops4j.pax.logging.pax-logging-log4j2", "dev.tributary.api", "dev.tributary.deploy", "dev.tributary.host", "dev.tributary.configfiles", "dev.tributary.oauth");
        assertThat(bundles).allSatisfy(b -> assertThat(InProcessHost.isRunning(b))
                .as("%s is %s", b.getSymbolicName(), b.getState()).isTrue());
    }

    @Test
    void healthIsUpAndNamesItsChecks() throws Exception {
        HttpResponse<String> r = host.dist.get("/health");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode json = new ObjectMapper().readTree(r.body());
        assertThat(json.path("status").asText()).isEqualTo("UP");
        assertThat(json.path("checks").findValuesAsText("name")).contains("platform", "deploy");
        assertThat(json.path("checks").findValuesAsText("status")).containsOnly("UP");
    }

    @Test
    void aStoppedPlatformBundleMakesTheHostDownWith503() throws Exception {
        Bundle metatype = Arrays.stream(host.context().getBundles())
                .filter(b -> b.getSymbolicName().equals("org.apache.felix.metatype")).findFirst().orElseThrow();
        metatype.stop(Bundle.STOP_TRANSIENT);
        try {
            HttpResponse<String> r = host.dist.get("/health");
            assertThat(r.statusCode()).isEqualTo(503);
            JsonNode json = new ObjectMapper().readTree(r.body());
            assertThat(json.path("status").asText()).isEqualTo("DOWN");
            assertThat(r.body()).contains("platform/org.apache.felix.metatype").contains("is RESOLVED");
        } finally {
            metatype.start(Bundle.START_TRANSIENT);
        }
        assertThat(host.dist.get("/health").statusCode()).isEqualTo(200);
    }

    @Test
    void tributaryBundlesExportOnlyVersionedApiPackages() {
        for (Bundle b : host.context().getBundles()) {
            if (!b.getSymbolicName().startsWith("dev.tributary.")) {
                continue;
            }
            String exports = b.getHeaders("").get("Export-Package");
            if (exports == null) {
                continue;
            }
            // clauses are separated by commas outside quotes (a uses:="a,b" directive has its own)
            for (String export : exports.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")) {
                assertThat(export).as("%s exports %s", b.getSymbolicName(), export)
                        .doesNotContain(".internal").doesNotContain(".impl").contains("version=");
            }
        }
        assertThat(host.context().getBundles()).filteredOn(b -> b.getSymbolicName().equals("dev.tributary.api"))
                .singleElement().satisfies(b -> assertThat(b.getHeaders("").get("Export-Package")).contains("dev.tributary.api.health"));
    }

    @Test
    void theLogFileReceivesThePlatformsLogging() throws Exception {
        assertThat(host.dist.logText()).contains("Watching " + host.dist.deploy());
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HttpClient.newHttpClient().send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void webhooksAnswerSourcesWithoutTheAdminTokenAndNameWhatIsWrong() throws Exception {
        String marker = "BODY-MARKER-" + System.nanoTime();
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(host.dist.url("/hooks/nope")))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"" + marker + "\"}")));

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(r.body()).contains("no connector instance 'nope' runs on this host");
        assertThat(host.dist.logText()).contains("Webhook worker started").doesNotContain(marker);
    }

    @Test
    void webhookDeadLettersAreListedWithTheAdminTokenOnly() throws Exception {
        HttpRequest.Builder dead = HttpRequest.newBuilder(URI.create(host.dist.url("/api/v1/webhooks/dead")));
        assertThat(send(dead).statusCode()).isEqualTo(401);

        HttpResponse<String> r = send(dead.header("Authorization", "Bearer " + host.dist.adminToken()));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"deadLetters\":[]}");
        assertThat(send(HttpRequest.newBuilder(URI.create(host.dist.url("/api/v1/webhooks/1/replay")))
                .header("Authorization", "Bearer " + host.dist.adminToken()).POST(HttpRequest.BodyPublishers.noBody())).statusCode())
                .isEqualTo(404);
    }

    @Test
    void theOAuthCallbackAnswersABrowserWithoutTheAdminTokenAndAuthorizingIsBehindIt() throws Exception {
        HttpResponse<String> callback = send(HttpRequest.newBuilder(URI.create(host.dist.url("/oauth/callback?code=c0de-marker&state=forged"))));
        assertThat(callback.statusCode()).isEqualTo(400);
        assertThat(callback.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(callback.body()).contains("Authorization failed", "not one this host issues").doesNotContain("c0de-marker");

        HttpRequest.Builder authorize = HttpRequest.newBuilder(URI.create(host.dist.url("/api/v1/instances/nope/authorize")))
                .POST(HttpRequest.BodyPublishers.noBody());
        assertThat(send(authorize).statusCode()).isEqualTo(401);
        HttpResponse<String> unknown = send(authorize.header("Authorization", "Bearer " + host.dist.adminToken()));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("no instance 'nope'");
        assertThat(host.dist.logText()).contains("OAuth ready: providers send the browser back to " + host.dist.url("/oauth/callback"))
                .doesNotContain("c0de-marker");
    }
}
