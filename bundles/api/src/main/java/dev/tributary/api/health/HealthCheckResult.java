package dev.tributary.api.health;

import java.util.Objects;

/**
 * One line of the health report.
 *
 * @param name    what was checked, stable across calls (e.g. {@code deploy/acme.jar})
 * @param status  the outcome
 * @param message what is wrong and what to do, or a short confirmation when UP
 */
public record HealthCheckResult(String name, HealthStatus status, String message) {
    public HealthCheckResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        message = message == null ? "" : message;
    }

    public static HealthCheckResult up(String name, String message) {
        return new HealthCheckResult(name, HealthStatus.UP, message);
    }

    public static HealthCheckResult degraded(String name, String message) {
        return new HealthCheckResult(name, HealthStatus.DEGRADED, message);
    }

    public static HealthCheckResult down(String name, String message) {
        return new HealthCheckResult(name, HealthStatus.DOWN, message);
    }
}
