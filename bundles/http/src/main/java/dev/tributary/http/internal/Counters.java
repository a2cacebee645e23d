package dev.tributary.http.internal;

import dev.tributary.api.http.HttpClients.ClientMetrics;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** One instance's request counters. */
final class Counters {
    private final LongAdder requests = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder rateLimited = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder totalNanos = new LongAdder();
    private final AtomicLong maxNanos = new AtomicLong();
    private final Set<String> hosts = ConcurrentHashMap.newKeySet();

    void host(String host) {
        hosts.add(host);
    }

    Set<String> hosts() {
        return hosts;
    }

    void request(long nanos) {
        requests.increment();
        totalNanos.add(nanos);
        maxNanos.accumulateAndGet(nanos, Math::max);
    }

    void retried() {
        retries.increment();
    }

    void rateLimited() {
        rateLimited.increment();
    }

    void failed() {
        failures.increment();
    }

    ClientMetrics snapshot(Map<String, String> circuits) {
        long n = requests.sum();
        return new ClientMetrics(n, retries.sum(), rateLimited.sum(), failures.sum(), n == 0 ? 0 : totalNanos.sum() / 1e6 / n,
                maxNanos.get() / 1_000_000, circuits);
    }
}
