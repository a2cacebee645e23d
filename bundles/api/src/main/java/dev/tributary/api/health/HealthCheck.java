package dev.tributary.api.health;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A service that reports on one part of the host. Register it as an OSGi service; the health
 * endpoint calls every registered check on each request, so a check must answer in well under a
 * millisecond from state it already holds (never a remote call).
 */
@ConsumerType
public interface HealthCheck {
    /** The current results; never empty, never null. */
    List<HealthCheckResult> check();
}
