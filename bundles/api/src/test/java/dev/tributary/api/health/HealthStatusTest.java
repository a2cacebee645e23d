package dev.tributary.api.health;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HealthStatusTest {
    @Test
    void worstPicksTheMoreSevereStatus() {
        assertThat(HealthStatus.UP.worst(HealthStatus.DEGRADED)).isEqualTo(HealthStatus.DEGRADED);
        assertThat(HealthStatus.DOWN.worst(HealthStatus.UP)).isEqualTo(HealthStatus.DOWN);
        assertThat(HealthStatus.DEGRADED.worst(HealthStatus.DOWN)).isEqualTo(HealthStatus.DOWN);
        assertThat(HealthStatus.UP.worst(HealthStatus.UP)).isEqualTo(HealthStatus.UP);
    }

    @Test
    void resultNeverCarriesANullMessage() {
        assertThat(HealthCheckResult.up("x", null).message()).isEmpty();
    }
}
