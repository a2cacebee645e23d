package dev.tributary.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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

/** The assembled platform boots completely: every bundle active, nothing unresolved, /health UP; it serves the console. */
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
                "org.ops4j.pax.logging.pax-logging-log4j2", "dev.tributary.api", "dev.tributary.deploy", "dev.tributary.host", "dev.tributary.configfiles", "dev.tributary.oauth",
                "dev.tributary.metrics");
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
    void metricsAnswerThisMachineInThePrometheusTextFormatWithEveryServiceReadAndSearchesTimed() throws Exception {
        HttpRequest search = HttpRequest.newBuilder(URI.create(host.dist.url("/api/v1/search?q=metrics&as=user:ops")))
                .header("Authorization", "Bearer " + host.dist.adminToken()).timeout(Duration.ofSeconds(10)).build();
        assertThat(HttpClient.newHttpClient().send(search, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

        // the index may still be opening (health is DEGRADED then, not DOWN): its size shows once it is open
        HttpResponse<String> r = await("/metrics with every service").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> host.dist.get("/metrics"), m -> m.body().contains("tributary_index_documents "));

        assertThat(r.statusCode()).as("no admin token needed from this machine").isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(r.body()).as("every service found and read").contains(
                "tributary_metrics_source_up{source=\"sync\"} 1.0\n", "tributary_metrics_source_up{source=\"http\"} 1.0\n",
                "tributary_metrics_source_up{source=\"webhook-inbox\"} 1.0\n", "tributary_metrics_source_up{source=\"search\"} 1.0\n",
                "tributary_scheduler_queued_jobs ", "tributary_index_documents ", "tributary_index_size_bytes ");
        assertThat(r.body()).as("the index times its searches into the histogram").containsPattern(
                "tributary_search_duration_seconds_count\\{outcome=\"success\"} [1-9]");
        assertThat(r.body()).as("the JVM, GC notifications included (com.sun.management wired)").contains("jvm_memory_used_bytes{area=\"heap\"",
                "jvm_gc_memory_allocated_bytes_total ", "jvm_threads_live_threads ", "process_uptime_seconds ", "process_files_open_files ");
        assertThat(host.dist.logText()).contains("Metrics at /metrics for 127.0.0.0/8, ::1");
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
        assertThat(r.body()).isEqualTo("{\"deadLetters\":[],\"page\":0,\"size\":100,\"total\":0}");
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

    @Test
    void everyResponseOfTheHostsHttpCarriesTheSecurityHeaders() throws Exception {
        for (HttpRequest.Builder r : List.of(HttpRequest.newBuilder(URI.create(host.dist.url("/health"))),
                HttpRequest.newBuilder(URI.create(host.dist.url("/api/v1/instances"))),
                HttpRequest.newBuilder(URI.create(host.dist.url("/api/v1/session"))).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"nobody\",\"password\":\"wrong password\"}")),
                HttpRequest.newBuilder(URI.create(host.dist.url("/hooks/nope"))).POST(HttpRequest.BodyPublishers.ofString("{}")),
                HttpRequest.newBuilder(URI.create(host.dist.url("/oauth/callback?state=x&code=y"))))) {
            HttpResponse<String> response = send(r);
            String what = response.request().method() + " " + response.request().uri().getPath() + " (" + response.statusCode() + ")";
            assertThat(response.headers().firstValue("X-Content-Type-Options")).as(what).hasValue("nosniff");
            assertThat(response.headers().firstValue("Referrer-Policy")).as(what).hasValue("no-referrer");
            assertThat(response.headers().firstValue("Content-Security-Policy")).as(what)
                    .hasValueSatisfying(csp -> assertThat(csp).contains("frame-ancestors 'none'").containsPattern("default-src '(self|none)'"));
        }
        assertThat(host.dist.logText()).as("bound to loopback: no warning").doesNotContain("Plain HTTP (no TLS)");
    }

    // the web console: served by the host itself, from its bundle

    @Test
    void theRootOpensTheDashboard() throws Exception {
        HttpResponse<String> root = host.dist.get("/");
        assertThat(root.statusCode()).isEqualTo(302);
        assertThat(root.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/console/index.html"));
        assertThat(host.dist.get("/no/such/page").statusCode()).as("anything else unknown").isEqualTo(404);
    }

    @Test
    void pagesModulesAndStylesComeFromTheHostAndNothingFromOutsideIt() throws Exception {
        for (String page : new String[] {"/console/index.html", "/console/login.html", "/console/search.html", "/console/runs.html",
                "/console/webhooks.html", "/console/audit.html", "/console/users.html", "/console/connectors.html", "/console/instance.html"}) {
            HttpResponse<String> r = host.dist.get(page);
            assertThat(r.statusCode()).as(page).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).as(page).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
            assertThat(r.body()).as(page + " loads nothing from another host").doesNotContainPattern("(src|href)=\"(https?:)?//")
                    .as(page + " has no inline script (a strict CSP stays possible)").doesNotContainPattern("<script(?![^>]*src=)[^>]*>");
        }
        assertThat(host.dist.get("/console/js/api.js").statusCode()).isEqualTo(200);
        assertThat(host.dist.get("/console/js/api.js").headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).contains("javascript"));
        assertThat(host.dist.get("/console/console.css").statusCode()).isEqualTo(200);
        assertThat(host.dist.get("/console/nothing-here.html").statusCode()).isEqualTo(404);
    }
}
