package dev.tributary.webhooks.internal;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with full jitter: before retry {@code n} (1-based) wait a random time below
 * {@code min(max, first * 2^(n-1))}, so many deliveries failing together do not all come back at
 * once.
 */
record Backoff(Duration first, Duration max, DoubleSupplier random) {

    Backoff {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("retry delays must be positive and the longest at least the first: " + first + ", " + max);
        }
    }

    /** The cap of the wait before retry {@code retry} (1-based). */
    Duration cap(int retry) {
        int doublings = Math.min(Math.max(retry - 1, 0), 62);
        long firstMillis = first.toMillis();
        long capMillis = doublings >= 62 || firstMillis > (max.toMillis() >> doublings) ? max.toMillis() : firstMillis << doublings;
        return Duration.ofMillis(Math.min(capMillis, max.toMillis()));
    }

    /** The wait before retry {@code retry} (1-based): at random in [0, cap). */
    Duration delay(int retry) {
        return Duration.ofMillis((long) (random.getAsDouble() * cap(retry).toMillis()));
    }
}
