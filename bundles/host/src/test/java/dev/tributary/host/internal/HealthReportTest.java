package dev.tributary.host.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.health.HealthCheck;
import dev.tributary.api.health.HealthCheckResult;
import dev.tributary.api.health.HealthStatus;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthReportTest {

    @Test
    void theWorstCheckDecidesAndEveryLineIsKeptInNameOrder() {
        HealthCheck up = () -> List.of(HealthCheckResult.up("b", "fine"));
        HealthCheck degraded = () -> List.of(HealthCheckResult.degraded("a", "look at me"));
        HealthReport r = HealthReport.of(List.of(up, degraded));
        assertThat(r.status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(r.checks()).extracting(HealthCheckResult::name).containsExactly("a", "b");
    }

    @Test
    void aThrowingCheckIsReportedNotPropagated() {
        HealthCheck broken = () -> {
            throw new IllegalStateException("boom");
        };
        HealthReport r = HealthReport.of(List.of(broken, () -> List.of(HealthCheckResult.down("x", "down"))));
        assertThat(r.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(r.checks()).anySatisfy(c -> assertThat(c.message()).contains("the check failed").contains("boom"));
    }

    @Test
    void writesTheDocumentedJson() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var g = Json.generator(out, false)) {
            Json.writeHealth(g, HealthReport.of(List.of(() -> List.of(HealthCheckResult.up("platform", "ok \"quoted\"")))));
        }
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("{\"status\":\"UP\",\"checks\":[{\"name\":\"platform\",\"status\":\"UP\",\"message\":\"ok \\\"quoted\\\"\"}]}");
    }
}
