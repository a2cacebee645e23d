package dev.tributary.metrics.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.tributary.api.connector.WebhookDelivery;
import dev.tributary.api.connector.WebhookReceiver.Accepted;
import dev.tributary.api.http.HttpClients.ClientMetrics;
import dev.tributary.api.search.IndexSize;
import dev.tributary.api.sync.InstanceInfo;
import dev.tributary.api.sync.RunCount;
import dev.tributary.metrics.internal.Readings.Sources;
import dev.tributary.testkit.MemoryWebhookInbox;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The exposition as Prometheus reads it: names, labels and values, from fake services. */
class HostMetricsTest {

    final HostMetrics metrics = new HostMetrics();
    final Fakes.Sync sync = new Fakes.Sync();
    final Fakes.Http http = new Fakes.Http();
    final MemoryWebhookInbox inbox = new MemoryWebhookInbox();
    final Fakes.Search search = new Fakes.Search();

    @AfterEach
    void close() {
        metrics.close();
    }

    private String text() {
        return metrics.scrape(new Sources(sync, http, inbox, search), PrometheusTextFormatWriter.CONTENT_TYPE);
    }

    /** Series (name with its labels, as written) → value, from the text format. */
    static Map<String, Double> series(String text) {
        Map<String, Double> series = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                int space = line.lastIndexOf(' ');
                series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
        }
        return series;
    }

    private Map<String, Double> scrape() {
        return series(text());
    }

    @Test
    void everyInstanceHasItsConnectorStateDocumentsAndRunsByModeAndStatus() {
        sync.instance("gh", "github", "running", 42, true).instance("files", "filesystem", "queued", 7, false)
                .instance("crm", "hubspot", InstanceInfo.NEEDS_AUTHORIZATION, 0, false);
        sync.runCounts.addAll(List.of(new RunCount("gh", "full", "succeeded", 1), new RunCount("gh", "incremental", "failed", 3),
                new RunCount("gh", "webhook", "succeeded", 12), new RunCount("files", "incremental", "succeeded", 5)));

        Map<String, Double> s = scrape();

        assertThat(s).contains(
                entry("tributary_sync_instance_info{connector=\"github\",instance_id=\"gh\"}", 1.0),
                entry("tributary_sync_instance_info{connector=\"filesystem\",instance_id=\"files\"}", 1.0),
                entry("tributary_sync_instance_state{instance_id=\"gh\",state=\"running\"}", 1.0),
                entry("tributary_sync_instance_state{instance_id=\"gh\",state=\"idle\"}", 0.0),
                entry("tributary_sync_instance_state{instance_id=\"gh\",state=\"queued\"}", 0.0),
                entry("tributary_sync_instance_state{instance_id=\"gh\",state=\"needs-authorization\"}", 0.0),
                entry("tributary_sync_instance_state{instance_id=\"files\",state=\"queued\"}", 1.0),
                entry("tributary_sync_instance_state{instance_id=\"crm\",state=\"needs-authorization\"}", 1.0),
                entry("tributary_sync_documents{instance_id=\"gh\"}", 42.0),
                entry("tributary_sync_documents{instance_id=\"files\"}", 7.0),
                entry("tributary_sync_runs_total{instance_id=\"gh\",mode=\"full\",status=\"succeeded\"}", 1.0),
                entry("tributary_sync_runs_total{instance_id=\"gh\",mode=\"incremental\",status=\"failed\"}", 3.0),
                entry("tributary_sync_runs_total{instance_id=\"gh\",mode=\"webhook\",status=\"succeeded\"}", 12.0),
                entry("tributary_sync_runs_total{instance_id=\"files\",mode=\"incremental\",status=\"succeeded\"}", 5.0),
                entry("tributary_scheduler_queued_jobs", 1.0),
                entry("tributary_scheduler_running_jobs", 1.0),
                entry("tributary_metrics_source_up{source=\"sync\"}", 1.0));
        assertThat(s).as("runs that did not happen yet are there as 0, so the first failure is an increase")
                .containsEntry("tributary_sync_runs_total{instance_id=\"files\",mode=\"full\",status=\"failed\"}", 0.0)
                .containsEntry("tributary_sync_runs_total{instance_id=\"gh\",mode=\"webhook\",status=\"cancelled\"}", 0.0)
                .containsEntry("tributary_sync_runs_total{instance_id=\"files\",mode=\"incremental\",status=\"interrupted\"}", 0.0)
                .as("webhook runs only for connectors that receive webhooks")
                .doesNotContainKey("tributary_sync_runs_total{instance_id=\"files\",mode=\"webhook\",status=\"failed\"}");
        assertThat(text()).contains("# TYPE tributary_sync_runs_total counter\n", "# TYPE tributary_sync_documents gauge\n",
                "# HELP tributary_sync_runs_total Runs finished since the host started");
    }

    @Test
    void aDeletedInstanceLeavesNoSeriesBehindAndARunCountOfAnInstanceBeingUpdatedStays() {
        sync.instance("gh", "github", "idle", 42, true).instance("files", "filesystem", "idle", 7, false);
        sync.runCounts.add(new RunCount("files", "full", "succeeded", 2));
        assertThat(scrape()).containsKey("tributary_sync_documents{instance_id=\"gh\"}");

        sync.instances.removeIf(i -> i.instanceId().equals("gh"));
        sync.instances.removeIf(i -> i.instanceId().equals("files")); // its connector is being updated: the engine still counts its runs
        Map<String, Double> s = scrape();

        assertThat(s.keySet()).noneMatch(k -> k.contains("instance_id=\"gh\""));
        assertThat(s).containsEntry("tributary_sync_runs_total{instance_id=\"files\",mode=\"full\",status=\"succeeded\"}", 2.0)
                .doesNotContainKey("tributary_sync_documents{instance_id=\"files\"}");
    }

    @Test
    void upstreamRequestsRetriesRateLimitsAndFailuresPerInstanceAndEachHostsCircuit() {
        sync.instance("gh", "github", "idle", 0, true).instance("files", "filesystem", "idle", 0, false);
        http.metrics.put("gh", new ClientMetrics(120, 7, 3, 2, 250.0, 4000, Map.of("api.github.com", "OPEN")));
        http.circuits.put("api.github.com", "OPEN");
        http.circuits.put("ghe.example.org", "HALF_OPEN");

        Map<String, Double> s = scrape();

        assertThat(s).contains(
                entry("tributary_http_requests_total{instance_id=\"gh\"}", 120.0),
                entry("tributary_http_retries_total{instance_id=\"gh\"}", 7.0),
                entry("tributary_http_rate_limited_total{instance_id=\"gh\"}", 3.0),
                entry("tributary_http_failures_total{instance_id=\"gh\"}", 2.0),
                entry("tributary_http_request_time_seconds_total{instance_id=\"gh\"}", 30.0),
                entry("tributary_http_request_max_seconds{instance_id=\"gh\"}", 4.0),
                entry("tributary_http_requests_total{instance_id=\"files\"}", 0.0),
                entry("tributary_http_circuit_state{host=\"api.github.com\",state=\"open\"}", 1.0),
                entry("tributary_http_circuit_state{host=\"api.github.com\",state=\"closed\"}", 0.0),
                entry("tributary_http_circuit_state{host=\"api.github.com\",state=\"half_open\"}", 0.0),
                entry("tributary_http_circuit_state{host=\"ghe.example.org\",state=\"half_open\"}", 1.0),
                entry("tributary_metrics_source_up{source=\"http\"}", 1.0));
    }

    @Test
    void theQueuesAreTheScheduledSyncsWaitingAndTheWebhookDeliveriesPendingAndDead() {
        sync.instance("gh", "github", "queued", 0, true).instance("jira", "jira", "queued", 0, true).instance("files", "filesystem", "running", 0,
                false);
        Instant now = Instant.now();
        WebhookDelivery body = new WebhookDelivery(Map.of(), new byte[0], now);
        inbox.add("gh", new Accepted("d-1", "issues"), body);
        long failed = inbox.add("gh", new Accepted("d-2", "issues"), body).id();
        inbox.add("gh", new Accepted("d-3", "issues"), body);
        inbox.failed(failed, "HTTP 500", null);

        Map<String, Double> s = scrape();

        assertThat(s).contains(
                entry("tributary_scheduler_queued_jobs", 2.0),
                entry("tributary_scheduler_running_jobs", 1.0),
                entry("tributary_webhook_deliveries_pending{instance_id=\"gh\"}", 2.0),
                entry("tributary_webhook_dead_letters{instance_id=\"gh\"}", 1.0),
                entry("tributary_webhook_deliveries_pending{instance_id=\"jira\"}", 0.0),
                entry("tributary_webhook_dead_letters{instance_id=\"jira\"}", 0.0),
                entry("tributary_metrics_source_up{source=\"webhook-inbox\"}", 1.0));
        assertThat(s).as("no webhooks, no inbox series").doesNotContainKey("tributary_webhook_deliveries_pending{instance_id=\"files\"}");
    }

    @Test
    void theIndexSizeAndASearchLatencyHistogramFedByTheIndex() {
        search.size = new IndexSize(1234, 5_678_900);
        metrics.searched(TimeUnit.MILLISECONDS.toNanos(3), false);
        metrics.searched(TimeUnit.MILLISECONDS.toNanos(40), false);
        metrics.searched(TimeUnit.MILLISECONDS.toNanos(700), false);
        metrics.searched(TimeUnit.MILLISECONDS.toNanos(20), true);

        Map<String, Double> s = scrape();

        assertThat(s).contains(
                entry("tributary_index_documents", 1234.0),
                entry("tributary_index_size_bytes", 5_678_900.0),
                entry("tributary_search_duration_seconds_bucket{outcome=\"success\",le=\"0.005\"}", 1.0),
                entry("tributary_search_duration_seconds_bucket{outcome=\"success\",le=\"0.025\"}", 1.0),
                entry("tributary_search_duration_seconds_bucket{outcome=\"success\",le=\"0.05\"}", 2.0),
                entry("tributary_search_duration_seconds_bucket{outcome=\"success\",le=\"0.5\"}", 2.0),
                entry("tributary_search_duration_seconds_bucket{outcome=\"success\",le=\"1.0\"}", 3.0),
                entry("tributary_search_duration_seconds_bucket{outcome=\"success\",le=\"+Inf\"}", 3.0),
                entry("tributary_search_duration_seconds_count{outcome=\"success\"}", 3.0),
                entry("tributary_search_duration_seconds_count{outcome=\"error\"}", 1.0),
                entry("tributary_metrics_source_up{source=\"search\"}", 1.0));
        assertThat(s.get("tributary_search_duration_seconds_sum{outcome=\"success\"}")).isCloseTo(0.743, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(text()).contains("# TYPE tributary_search_duration_seconds histogram\n");
    }

    @Test
    void anIndexThatCannotTellItsBytesShowsItsDocumentsOnly() {
        search.size = new IndexSize(10, -1);

        assertThat(scrape()).containsEntry("tributary_index_documents", 10.0).doesNotContainKey("tributary_index_size_bytes");
    }

    @Test
    void aServiceThatIsNotThereOrFailsLeavesOutItsSeriesOnlyAndSaysSo() {
        sync.instance("gh", "github", "idle", 42, true);
        search.size = new IndexSize(5, 100);
        Map<String, Double> both = series(metrics.scrape(new Sources(sync, null, null, search), PrometheusTextFormatWriter.CONTENT_TYPE));
        assertThat(both).contains(entry("tributary_metrics_source_up{source=\"http\"}", 0.0),
                entry("tributary_metrics_source_up{source=\"webhook-inbox\"}", 0.0), entry("tributary_sync_documents{instance_id=\"gh\"}", 42.0));
        assertThat(both.keySet()).noneMatch(k -> k.startsWith("tributary_http_requests") || k.startsWith("tributary_webhook_"));

        sync.failure = new IllegalStateException("the store is closed");
        Map<String, Double> s = scrape();

        assertThat(s).contains(entry("tributary_metrics_source_up{source=\"sync\"}", 0.0), entry("tributary_index_documents", 5.0),
                entry("tributary_metrics_source_up{source=\"search\"}", 1.0));
        assertThat(s.keySet()).noneMatch(k -> k.contains("instance_id=\"gh\""));

        sync.failure = null;
        http.circuits.put("api.github.com", "CLOSED");
        http.failure = new IllegalStateException("toolkit stopping");
        s = scrape();
        assertThat(s).as("a service failing midway leaves none of its series").containsEntry("tributary_metrics_source_up{source=\"http\"}", 0.0)
                .containsEntry("tributary_sync_documents{instance_id=\"gh\"}", 42.0);
        assertThat(s.keySet()).noneMatch(k -> k.startsWith("tributary_http_"));
    }

    @Test
    void theJvmIsDescribedByMicrometersBinders() {
        Map<String, Double> s = scrape();

        assertThat(s.keySet()).anyMatch(k -> k.startsWith("jvm_memory_used_bytes{area=\"heap\""))
                .anyMatch(k -> k.startsWith("jvm_gc_memory_allocated_bytes_total"))
                .anyMatch(k -> k.startsWith("jvm_threads_live_threads"))
                .anyMatch(k -> k.startsWith("jvm_classes_loaded_classes"))
                .anyMatch(k -> k.startsWith("jvm_info{"))
                .anyMatch(k -> k.startsWith("process_cpu_usage"))
                .anyMatch(k -> k.startsWith("process_uptime_seconds"))
                .anyMatch(k -> k.startsWith("process_start_time_seconds"))
                .anyMatch(k -> k.startsWith("process_files_open_files"));
        assertThat(s.get("process_uptime_seconds")).isPositive();
    }

    @Test
    void openMetricsWhenTheScraperAsksForIt() {
        sync.instance("gh", "github", "idle", 42, true);

        String text = metrics.scrape(new Sources(sync, http, inbox, search), OpenMetricsTextFormatWriter.CONTENT_TYPE);

        assertThat(text).contains("# TYPE tributary_sync_runs counter\n", "tributary_sync_documents{instance_id=\"gh\"} 42.0\n").endsWith("# EOF\n");
    }
}
