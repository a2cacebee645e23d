package dev.tributary.webhooks.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void theCapDoublesFromTheFirstDelayUpToTheLongest() {
        Backoff b = new Backoff(Duration.ofSeconds(10), Duration.ofHours(1), () -> 0.5);
        assertThat(b.cap(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(b.cap(2)).isEqualTo(Duration.ofSeconds(20));
        assertThat(b.cap(4)).isEqualTo(Duration.ofSeconds(80));
        assertThat(b.cap(9)).isEqualTo(Duration.ofSeconds(2560));
        assertThat(b.cap(10)).isEqualTo(Duration.ofHours(1));
        assertThat(b.cap(1000)).as("no overflow").isEqualTo(Duration.ofHours(1));
    }

    @Test
    void eachDelayIsDrawnBelowItsCap() {
        AtomicReference<Double> draw = new AtomicReference<>(0.0);
        Backoff b = new Backoff(Duration.ofSeconds(10), Duration.ofHours(1), draw::get);
        assertThat(b.delay(3)).isEqualTo(Duration.ZERO);
        draw.set(0.25);
        assertThat(b.delay(3)).isEqualTo(Duration.ofSeconds(10));
        draw.set(0.999);
        assertThat(b.delay(3)).isLessThan(Duration.ofSeconds(40)).isGreaterThan(Duration.ofSeconds(39));
    }

    @Test
    void nonsenseDelaysAreRefused() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), () -> 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), () -> 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
