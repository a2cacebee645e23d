package dev.tributary.host.internal;

import dev.tributary.api.health.HealthCheck;
import dev.tributary.api.health.HealthCheckResult;
import dev.tributary.api.health.HealthStatus;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The worst status of all checks, and every line they reported. */
record HealthReport(HealthStatus status, List<HealthCheckResult> checks) {

    static HealthReport of(Collection<HealthCheck> healthChecks) {
        List<HealthCheckResult> results = new ArrayList<>();
        for (HealthCheck check : healthChecks) {
            try {
                List<HealthCheckResult> r = check.check();
                if (r == null || r.isEmpty()) {
                    results.add(HealthCheckResult.degraded(check.getClass().getName(), "the check reported nothing"));
                } else {
                    results.addAll(r);
                }
            } catch (RuntimeException e) {
                // A broken check must not break /health: report it, and nothing else is hidden.
                results.add(HealthCheckResult.degraded(check.getClass().getName(), "the check failed: " + e));
            }
        }
        results.sort((a, b) -> a.name().compareTo(b.name()));
        HealthStatus worst = HealthStatus.UP;
        for (HealthCheckResult r : results) {
            worst = worst.worst(r.status());
        }
        return new HealthReport(worst, List.copyOf(results));
    }
}
