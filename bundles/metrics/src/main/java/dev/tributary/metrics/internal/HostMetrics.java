package dev.tributary.metrics.internal;

import dev.tributary.metrics.internal.Readings.Reading;
import dev.tributary.metrics.internal.Readings.Series;
import dev.tributary.metrics.internal.Readings.Sources;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.distribution.pause.NoPauseDetector;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry behind {@code /metrics}: the JVM's binders, the search latency histogram the index
 * feeds, and the host's own series ({@link Readings}), read from its services at each scrape, so they
 * are never older than the scrape and disappear with what they describe (a deleted instance, a
 * service that stopped).
 */
final class HostMetrics implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HostMetrics.class);

    /** Buckets of the search latency histogram: what a person waiting for results tells apart. */
    static final Duration[] SEARCH_BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
            Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Timer searches;
    private final Timer failedSearches;
    /** The host's own meters by series, as registered at the last scrape. */
    private final Map<Series, Meter> meters = new HashMap<>();
    /** The sources that failed at the last scrape (logged once, when they start failing). */
    private final Set<String> failing = new HashSet<>();
    private volatile Map<Series, Double> values = Map.of();

    HostMetrics() {
        // no pause detector: it would start a thread of its own, and nothing here needs pause-corrected timings
        registry.config().pauseDetector(new NoPauseDetector());
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new JvmInfoMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        searches = searchTimer("success");
        failedSearches = searchTimer("error");
    }

    private Timer searchTimer(String outcome) {
        return Timer.builder("tributary.search.duration")
                .description("How long searches take in the index, from the call to the answer (REST, console and agents alike)")
                .tag("outcome", outcome).serviceLevelObjectives(SEARCH_BUCKETS).register(registry);
    }

    /** One search the index ran. */
    void searched(long nanos, boolean failed) {
        (failed ? failedSearches : searches).record(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Reads the services and writes every series.
     *
     * @param contentType the exposition format: {@code text/plain; version=0.0.4} or OpenMetrics
     */
    synchronized String scrape(Sources sources, String contentType) {
        Reading reading = Readings.read(sources);
        values = reading.values();
        for (Series s : reading.values().keySet()) {
            meters.computeIfAbsent(s, this::register);
        }
        for (Iterator<Map.Entry<Series, Meter>> i = meters.entrySet().iterator(); i.hasNext();) {
            Map.Entry<Series, Meter> e = i.next();
            if (!reading.values().containsKey(e.getKey())) {
                registry.remove(e.getValue());
                i.remove();
            }
        }
        reading.failures().forEach((source, e) -> {
            if (failing.add(source)) {
                LOG.warn("Metrics: reading the {} service failed ({}); its series are left out until it answers again", source, e.toString());
            }
        });
        for (Iterator<String> i = failing.iterator(); i.hasNext();) {
            String source = i.next();
            if (!reading.failures().containsKey(source)) {
                LOG.info("Metrics: reading the {} service no longer fails", source);
                i.remove();
            }
        }
        return registry.scrape(contentType);
    }

    private Meter register(Series s) {
        Readings.Metric m = s.metric();
        return switch (m.kind()) {
            case GAUGE -> Gauge.builder(m.name(), () -> value(s)).description(m.help()).baseUnit(m.unit()).tags(s.tags())
                    .strongReference(true).register(registry);
            case COUNTER -> FunctionCounter.builder(m.name(), this, metrics -> metrics.value(s)).description(m.help()).baseUnit(m.unit())
                    .tags(s.tags()).register(registry);
        };
    }

    private double value(Series s) {
        return values.getOrDefault(s, Double.NaN);
    }

    @Override
    public void close() {
        gc.close(); // its listeners on the JVM's GC beans would outlive this bundle
        registry.close();
    }
}
