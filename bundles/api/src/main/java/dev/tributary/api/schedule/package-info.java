/**
 * Per-key schedules with one execution per key at a time, a global concurrency limit, manual
 * triggers and cancellation.
 */
@Version("1.0.0")
@Export
package dev.tributary.api.schedule;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
