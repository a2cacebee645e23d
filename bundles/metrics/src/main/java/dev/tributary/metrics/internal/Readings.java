package dev.tributary.metrics.internal;

import dev.tributary.api.connector.WebhookReceiver;
import dev.tributary.api.http.HttpClients;
import dev.tributary.api.http.HttpClients.ClientMetrics;
import dev.tributary.api.search.IndexSize;
import dev.tributary.api.search.SearchService;
import dev.tributary.api.store.WebhookInbox;
import dev.tributary.api.sync.InstanceInfo;
import dev.tributary.api.sync.RunCount;
import dev.tributary.api.sync.SyncService;
import io.micrometer.core.instrument.Tags;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The host's own series, read from its services once per scrape. Each service is optional: one that
 * is not there (or fails) leaves its series out and shows 0 in {@code tributary_metrics_source_up}.
 *
 * <p>Connector instances are labelled {@code instance_id}, not {@code instance}: Prometheus gives
 * every scraped series an {@code instance} label of its own (the scraped address).
 */
final class Readings {

    enum Kind { GAUGE, COUNTER }

    /** A metric: its Micrometer name (Prometheus turns dots into underscores, adds the unit and {@code _total}). */
    record Metric(String name, Kind kind, String unit, String help) {}

    /** One series: a metric with its labels. */
    record Series(Metric metric, Tags tags) {}

    static final String SYNC = "sync";
    static final String HTTP = "http";
    static final String INBOX = "webhook-inbox";
    static final String SEARCH = "search";

    static final Metric SOURCE_UP = gauge("tributary.metrics.source.up", null,
            "1 when the service (sync, http, webhook-inbox, search) was there and answered this scrape; 0 when not, and its series are missing");
    static final Metric INSTANCE_INFO = gauge("tributary.sync.instance.info", null, "1 for each configured connector instance, with its connector type");
    static final Metric INSTANCE_STATE = gauge("tributary.sync.instance.state", null,
            "1 for the state each instance is in (idle, queued, running, needs-authorization), 0 for the others");
    static final Metric DOCUMENTS = gauge("tributary.sync.documents", null, "Documents stored for each instance");
    static final Metric RUNS = counter("tributary.sync.runs", null,
            "Runs finished since the host started, by mode (full, incremental, webhook) and status (succeeded, failed, cancelled, interrupted)");
    static final Metric QUEUED = gauge("tributary.scheduler.queued.jobs", null, "Syncs due or requested and waiting for a free slot");
    static final Metric RUNNING = gauge("tributary.scheduler.running.jobs", null, "Syncs running now");
    static final Metric REQUESTS = counter("tributary.http.requests", null, "Requests sent to sources since the host started (every attempt)");
    static final Metric RETRIES = counter("tributary.http.retries", null, "Attempts that repeated a transient failure");
    static final Metric RATE_LIMITED = counter("tributary.http.rate.limited", null,
            "Answers that were a rate limit (429, or 403 with the source's rate-limit signs)");
    static final Metric FAILURES = counter("tributary.http.failures", null, "Requests given up (after their retries, or at once when permanent)");
    static final Metric REQUEST_TIME = counter("tributary.http.request.time", "seconds",
            "Time spent in requests to sources; divided by the requests, their mean duration");
    static final Metric REQUEST_MAX = gauge("tributary.http.request.max", "seconds", "The slowest request since the host started");
    static final Metric CIRCUIT = gauge("tributary.http.circuit.state", null,
            "1 for the state of each source host's circuit breaker (closed, open, half_open), 0 for the others");
    static final Metric PENDING = gauge("tributary.webhook.deliveries.pending", null,
            "Webhook deliveries stored and not processed yet, including those waiting for a retry");
    static final Metric DEAD = gauge("tributary.webhook.dead.letters", null, "Webhook deliveries that failed every attempt, until replayed");
    static final Metric INDEX_DOCUMENTS = gauge("tributary.index.documents", null, "Searchable documents in the index");
    static final Metric INDEX_SIZE = gauge("tributary.index.size", "bytes", "What the live index takes on disk");

    static final List<String> STATES = List.of("idle", "queued", "running", InstanceInfo.NEEDS_AUTHORIZATION);
    static final List<String> STATUSES = List.of("succeeded", "failed", "cancelled", "interrupted");
    static final List<String> CIRCUIT_STATES = List.of("closed", "open", "half_open");

    /** The services to read; any may be null (not running). */
    record Sources(SyncService sync, HttpClients http, WebhookInbox inbox, SearchService search) {}

    /** What one scrape read, and which services failed (with what). */
    record Reading(Map<Series, Double> values, Map<String, RuntimeException> failures) {}

    private final Map<Series, Double> values = new LinkedHashMap<>();
    private final Map<String, RuntimeException> failures = new LinkedHashMap<>();
    /** The instances whose connector receives webhooks. */
    private final Set<String> receivers = new TreeSet<>();

    private Readings() {}

    static Reading read(Sources sources) {
        Readings r = new Readings();
        List<InstanceInfo> instances = r.from(SYNC, sources.sync(), r::sync).orElse(List.of());
        r.from(HTTP, sources.http(), http -> {
            r.http(http, instances);
            return true;
        });
        r.from(INBOX, sources.inbox(), inbox -> {
            r.inbox(inbox.backlog());
            return true;
        });
        r.from(SEARCH, sources.search(), search -> {
            search.size().ifPresent(r::index);
            return true;
        });
        return new Reading(Map.copyOf(r.values), Map.copyOf(r.failures));
    }

    /** Reads from one service, recording whether it was there and answered; a service that fails midway adds nothing. */
    private <S, T> Optional<T> from(String source, S service, Function<S, T> read) {
        Series up = new Series(SOURCE_UP, Tags.of("source", source));
        if (service == null) {
            values.put(up, 0.0);
            return Optional.empty();
        }
        Set<Series> before = new HashSet<>(values.keySet());
        try {
            T result = read.apply(service);
            values.put(up, 1.0);
            return Optional.ofNullable(result);
        } catch (RuntimeException e) {
            values.keySet().retainAll(before);
            failures.put(source, e);
            values.put(up, 0.0);
            return Optional.empty();
        }
    }

    /** @return the instances, for the other services' series */
    private List<InstanceInfo> sync(SyncService sync) {
        List<InstanceInfo> instances = sync.instances();
        int queued = 0;
        int running = 0;
        for (InstanceInfo i : instances) {
            String id = i.instanceId();
            put(INSTANCE_INFO, 1, "instance_id", id, "connector", i.sourceType());
            enumeration(INSTANCE_STATE, "state", STATES, i.state(), "instance_id", id);
            put(DOCUMENTS, i.documents(), "instance_id", id);
            boolean webhooks = sync.connector(id).filter(c -> c instanceof WebhookReceiver).isPresent();
            if (webhooks) {
                receivers.add(id);
            }
            for (String mode : webhooks ? List.of("full", "incremental", "webhook") : List.of("full", "incremental")) {
                for (String status : STATUSES) {
                    put(RUNS, 0, "instance_id", id, "mode", mode, "status", status);
                }
            }
            queued += "queued".equals(i.state()) ? 1 : 0;
            running += "running".equals(i.state()) ? 1 : 0;
        }
        // also the counts of an instance whose connector is away for a moment (being updated): they go on from there
        for (RunCount c : sync.runCounts()) {
            put(RUNS, c.runs(), "instance_id", c.instanceId(), "mode", c.mode(), "status", c.status());
        }
        put(QUEUED, queued);
        put(RUNNING, running);
        return instances;
    }

    private void http(HttpClients http, List<InstanceInfo> instances) {
        for (InstanceInfo i : instances) {
            ClientMetrics m = http.metrics(i.instanceId()).orElse(new ClientMetrics(0, 0, 0, 0, 0, 0, Map.of()));
            String id = i.instanceId();
            put(REQUESTS, m.requests(), "instance_id", id);
            put(RETRIES, m.retries(), "instance_id", id);
            put(RATE_LIMITED, m.rateLimited(), "instance_id", id);
            put(FAILURES, m.failures(), "instance_id", id);
            put(REQUEST_TIME, m.meanMillis() * m.requests() / 1000.0, "instance_id", id);
            put(REQUEST_MAX, m.maxMillis() / 1000.0, "instance_id", id);
        }
        http.circuits().forEach((host, state) -> enumeration(CIRCUIT, "state", CIRCUIT_STATES, state.toLowerCase(Locale.ROOT), "host", host));
    }

    private void inbox(List<WebhookInbox.Backlog> backlog) {
        for (String id : receivers) {
            put(PENDING, 0, "instance_id", id);
            put(DEAD, 0, "instance_id", id);
        }
        for (WebhookInbox.Backlog b : backlog) {
            put(PENDING, b.pending(), "instance_id", b.instanceId());
            put(DEAD, b.dead(), "instance_id", b.instanceId());
        }
    }

    private void index(IndexSize size) {
        put(INDEX_DOCUMENTS, size.documents());
        if (size.bytes() >= 0) {
            put(INDEX_SIZE, size.bytes());
        }
    }

    /** One series per value of {@code label}: 1 for {@code current}, 0 for the other known values (an unknown current value shows as 1 too). */
    private void enumeration(Metric metric, String label, List<String> known, String current, String... tags) {
        known.forEach(k -> values.put(new Series(metric, Tags.of(tags).and(label, k)), k.equals(current) ? 1.0 : 0.0));
        if (!known.contains(current)) {
            values.put(new Series(metric, Tags.of(tags).and(label, current)), 1.0);
        }
    }

    private void put(Metric metric, double value, String... tags) {
        values.put(new Series(metric, Tags.of(tags)), value);
    }

    private static Metric gauge(String name, String unit, String help) {
        return new Metric(name, Kind.GAUGE, unit, help);
    }

    private static Metric counter(String name, String unit, String help) {
        return new Metric(name, Kind.COUNTER, unit, help);
    }
}
