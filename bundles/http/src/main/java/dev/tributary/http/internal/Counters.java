package dev.tributary.http.internal;

import dev.tributary.api.http.HttpClients.ClientMetrics;
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

    ClientMetrics snapshot() {
        return new ClientMetrics(requests.sum(), retries.sum(), rateLimited.sum(), failures.sum(), totalNanos.sum() / 1_000_000,
                maxNanos.get() / 1_000_000);
    }
}
