package dev.tributary.metrics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.search.IndexSize;
import dev.tributary.testkit.ServletServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code /metrics} over real HTTP, in the Jetty that Felix HTTP runs. */
class MetricsServletTest {

    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final Fakes.Sync sync = new Fakes.Sync().instance("gh", "github", "idle", 42, true);
    final Fakes.Search search = new Fakes.Search();
    ServletServer server;
    MetricsServlet servlet;

    private void serve(String... allowedClients) throws Exception {
        servlet = new MetricsServlet(new HostMetrics(), allowedClients, sync, new Fakes.Http(), null, search);
        server = ServletServer.start("/metrics", servlet);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        servlet.close();
    }

    private HttpResponse<String> get(String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri("/metrics")).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void thisMachineGetsThePrometheusTextFormatWithTheSearchesTheIndexReported() throws Exception {
        serve("127.0.0.0/8", "::1");
        search.size = new IndexSize(3, 4096);
        servlet.searched(2_000_000, false);

        HttpResponse<String> r = get();

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(r.body()).contains("tributary_sync_documents{instance_id=\"gh\"} 42.0\n", "tributary_index_documents 3.0\n",
                "tributary_search_duration_seconds_count{outcome=\"success\"} 1\n", "jvm_memory_used_bytes{");
    }

    @Test
    void openMetricsForAScraperThatAsksForIt() throws Exception {
        serve("127.0.0.1");

        HttpResponse<String> r = get("Accept", "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/openmetrics-text"));
        assertThat(r.body()).endsWith("# EOF\n");
    }

    @Test
    void aClientNotListedGets403SayingWhereToAllowItAndNoMetrics() throws Exception {
        serve("10.0.0.0/8", "fd00::/8");

        HttpResponse<String> r = get();

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("allowedClients", "etc/dev.tributary.metrics.cfg", "127.0.0.1 is not one of them")
                .doesNotContain("tributary_", "gh");
    }

    @Test
    void allowingMoreClientsTakesEffectWithoutLosingTheHistogram() throws Exception {
        serve("10.0.0.0/8");
        servlet.searched(2_000_000, false);
        assertThat(get().statusCode()).isEqualTo(403);

        servlet.modified(config("10.0.0.0/8, 127.0.0.1"));

        HttpResponse<String> r = get();
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("tributary_search_duration_seconds_count{outcome=\"success\"} 1\n");
    }

    private static MetricsConfig config(String... allowedClients) {
        return new MetricsConfig() {
            @Override
            public Class<? extends java.lang.annotation.Annotation> annotationType() {
                return MetricsConfig.class;
            }

            @Override
            public String[] allowedClients() {
                return allowedClients;
            }
        };
    }
}
