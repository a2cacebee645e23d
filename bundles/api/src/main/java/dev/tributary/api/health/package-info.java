/**
 * Health of the host: services contribute {@link dev.tributary.api.health.HealthCheck}s, and
 * {@code GET /health} reports the worst of them.
 */
@Version("1.0.0")
@Export
package dev.tributary.api.health;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
